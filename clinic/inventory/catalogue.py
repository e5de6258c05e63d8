"""Drug products as dispensed: form, unit, mg per unit (never a constant), controlled class."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from clinic.errors import Conflict, InvalidInput, NotFound
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage.models import Product

DRUGS = {
    "methadone": ("Methadone", "美沙酮"),
    "buprenorphine": ("Buprenorphine", "丁丙诺啡"),
    "buprenorphine_naloxone": ("Buprenorphine/naloxone", "丁丙诺啡/纳洛酮"),
    "naltrexone": ("Naltrexone", "纳曲酮"),
}
FORMS = {"oral_solution": "mL", "sublingual_tablet": "tablet", "tablet": "tablet"}
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


MAX_QUANTITY = Decimal(10) ** 9


def plain(value: Decimal) -> str:
    """A Decimal as people write it: 60, 17.5, 0.2 (never 6E+1)."""
    text = format(value.normalize(), "f")
    return text


def parse_decimal(raw: object, label_en: str, label_zh: str) -> Decimal:
    """A positive Decimal from user input, or a clear error (floats are refused)."""
    if isinstance(raw, float):
        raise InvalidInput(
            en=f"{label_en}: give an exact number.", zh=f"{label_zh}：请输入精确数值。"
        )
    try:
        value = Decimal(str(raw).strip().replace("，", "").replace(",", ""))
    except InvalidOperation as exc:
        raise InvalidInput(
            en=f"{label_en}: {raw!r} is not a number.", zh=f"{label_zh}：{raw!r} 不是数字。"
        ) from exc
    if not value.is_finite() or value <= 0:
        raise InvalidInput(en=f"{label_en} must be more than zero.", zh=f"{label_zh}必须大于零。")
    if value > MAX_QUANTITY:
        raise InvalidInput(
            en=f"{label_en}: {raw} is far too large; check for a typo.",
            zh=f"{label_zh}：{raw} 过大，请检查是否输入有误。",
        )
    if value.as_tuple().exponent < -4:  # type: ignore[operator]
        raise InvalidInput(
            en=f"{label_en}: at most 4 decimal places.", zh=f"{label_zh}：最多 4 位小数。"
        )
    return value


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
        raise InvalidInput(en=f"Unknown drug {drug!r}.", zh=f"未知药物 {drug!r}。")
    if form not in FORMS:
        raise InvalidInput(en=f"Unknown form {form!r}.", zh=f"未知剂型 {form!r}。")
    if controlled_class not in CONTROLLED:
        raise InvalidInput(en="Unknown controlled class.", zh="未知管制类别。")
    strength = parse_decimal(mg_per_unit, "Strength (mg per unit)", "规格（每单位毫克数）")
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
