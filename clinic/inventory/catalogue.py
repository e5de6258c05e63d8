"""Drug products as dispensed: form, unit, mg per unit (never a constant), controlled class."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from clinic.errors import Conflict, InvalidInput, NotFound
from clinic.numbers import parse_quantity
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage.models import Product
from clinic.wording import quoted

DRUGS = {
    "methadone": ("Methadone", "美沙酮"),
    "buprenorphine": ("Buprenorphine", "丁丙诺啡"),
    "buprenorphine_naloxone": ("Buprenorphine/naloxone", "丁丙诺啡/纳洛酮"),
    "naltrexone": ("Naltrexone", "纳曲酮"),
}
FORMS = {"oral_solution": "mL", "sublingual_tablet": "tablet", "tablet": "tablet"}
FORM_WORDS = {
    "oral_solution": ("oral solution", "口服溶液"),
    "sublingual_tablet": ("sublingual tablet", "舌下片"),
    "tablet": ("tablet", "片剂"),
}


def form_words(form: str) -> str:
    """A product's form as printed on paper, in both languages (口服溶液 oral solution), never
    its code (oral_solution)."""
    en, zh = FORM_WORDS.get(form, (form.replace("_", " "), form.replace("_", " ")))
    return f"{zh} {en}"


CONTROLLED = {"narcotic", "psychotropic_1", "none"}


@dataclass(frozen=True)
class ProductInfo:
    product_id: int
    code: str
    name: str
    drug: str
    form: str
    unit: str
    mg_per_unit: Decimal
    controlled_class: str
    active: bool

    @property
    def controlled(self) -> bool:
        return self.controlled_class != "none"


def product_info(p: Product) -> ProductInfo:
    return ProductInfo(
        p.id, p.code, p.name, p.drug, p.form, p.unit, p.mg_per_unit, p.controlled_class, p.active
    )


@service(Action.PRODUCT_MANAGE, entity="product")
def add_product(
    call: Call,
    *,
    code: str,
    name: str,
    drug: str,
    form: str,
    mg_per_unit: object,
    controlled_class: str,
) -> ProductInfo:
    code = code.strip().upper()
    if not code or len(code) > 32:
        raise InvalidInput(
            en="Give the product a code (up to 32 characters).",
            zh="请填写产品编码（最多 32 个字符）。",
        )
    if drug not in DRUGS:
        raise InvalidInput(en=f"Unknown drug {quoted(drug)}.", zh=f"未知药物 {quoted(drug)}。")
    if form not in FORMS:
        raise InvalidInput(en=f"Unknown form {quoted(form)}.", zh=f"未知剂型 {quoted(form)}。")
    if controlled_class not in CONTROLLED:
        raise InvalidInput(en="Unknown controlled class.", zh="未知管制类别。")
    strength = parse_quantity(mg_per_unit, "Strength (mg per unit)", "规格（每单位毫克数）")
    if call.session.scalars(select(Product.id).where(Product.code == code)).first():
        raise Conflict(en=f"Product code {code} is taken.", zh=f"产品编码 {code} 已被使用。")
    product = Product(
        code=code,
        name=name.strip() or code,
        drug=drug,
        form=form,
        unit=FORMS[form],
        mg_per_unit=strength,
        controlled_class=controlled_class,
        active=True,
    )
    call.session.add(product)
    call.session.flush()
    call.note(entity_id=product.id, code=code, mg_per_unit=str(strength))
    return product_info(product)


@service(Action.PRODUCT_READ, entity="product", audited=False, read_only=True)
def list_products(call: Call, *, active_only: bool = True) -> list[ProductInfo]:
    query = select(Product).order_by(Product.drug, Product.mg_per_unit)
    if active_only:
        query = query.where(Product.active.is_(True))
    return [product_info(p) for p in call.session.scalars(query)]


def get_product(call: Call, product_id: int) -> Product:
    product = call.session.get(Product, product_id)
    if product is None or not product.active:
        raise NotFound(en="No such product in the catalogue.", zh="目录中没有该产品。")
    return product
