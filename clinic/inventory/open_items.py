"""What is still open in the stock workflows: transfers in transit, stock awaiting destruction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage.models import (
    Destruction,
    DestructionApplication,
    Location,
    Lot,
    Product,
    Transfer,
    TransferReceipt,
)


@dataclass(frozen=True)
class TransitItem:
    transfer_id: int
    product_id: int
    product_name: str
    unit: str
    lot_id: int
    lot_number: str
    quantity_sent: Decimal
    from_location_id: int
    from_name: str
    to_location_id: int
    to_name: str
    sent_at: datetime


@dataclass(frozen=True)
class AwaitingDestruction:
    application_id: int
    product_id: int
    product_name: str
    unit: str
    lot_id: int
    lot_number: str
    quantity: Decimal
    reason: str
    location_id: int
    location_name: str
    applied_at: datetime


@service(Action.STOCK_READ, entity="transfer", audited=False, read_only=True)
def transfers_in_transit(call: Call) -> list[TransitItem]:
    """Transfers sent and not yet received, oldest first."""
    session = call.session
    rows = session.execute(
        select(Transfer, Lot, Product)
        .join(Lot, Lot.id == Transfer.lot_id)
        .join(Product, Product.id == Transfer.product_id)
        .outerjoin(TransferReceipt, TransferReceipt.transfer_id == Transfer.id)
        .where(TransferReceipt.id.is_(None))
        .order_by(Transfer.sent_at, Transfer.id)
    ).all()
    items = []
    for transfer, lot, product in rows:
        source = session.get(Location, transfer.from_location_id)
        target = session.get(Location, transfer.to_location_id)
        items.append(
            TransitItem(
                transfer.id,
                product.id,
                product.name,
                product.unit,
                lot.id,
                lot.lot_number,
                transfer.quantity_sent,
                transfer.from_location_id,
                source.name if source else "",
                transfer.to_location_id,
                target.name if target else "",
                transfer.sent_at,
            )
        )
    return items


@service(Action.STOCK_READ, entity="destruction", audited=False, read_only=True)
def destructions_awaiting(call: Call) -> list[AwaitingDestruction]:
    """Stock set aside with a destruction application and not yet destroyed, oldest first."""
    session = call.session
    rows = session.execute(
        select(DestructionApplication, Lot, Product, Location)
        .join(Lot, Lot.id == DestructionApplication.lot_id)
        .join(Product, Product.id == Lot.product_id)
        .join(Location, Location.id == DestructionApplication.location_id)
        .outerjoin(Destruction, Destruction.application_id == DestructionApplication.id)
        .where(Destruction.id.is_(None))
        .order_by(DestructionApplication.applied_at, DestructionApplication.id)
    ).all()
    return [
        AwaitingDestruction(
            application.id,
            product.id,
            product.name,
            product.unit,
            lot.id,
            lot.lot_number,
            application.quantity,
            application.reason,
            place.id,
            place.name,
            application.applied_at,
        )
        for application, lot, product, place in rows
    ]
