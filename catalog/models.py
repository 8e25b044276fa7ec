"""Catalog tables: a product groups its variants (one sellable SKU each)."""

from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, Integer, LargeBinary, inspect
from sqlmodel import Field, Relationship, SQLModel

from assistant.kernel.clock import utcnow

# Product.status: only "active" products are offered; the others are stored but never sold.
ACTIVE = "active"


class Product(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    group_id: str = Field(index=True, unique=True, max_length=100)  # item_group_id / Handle
    title: str = Field(max_length=200)
    description: str = ""
    brand: str = Field(default="", index=True, max_length=100)
    product_type: str = Field(default="", max_length=300)
    google_product_category: str = Field(default="", max_length=300)
    gender: str = Field(default="", max_length=20)
    link: str = ""
    image_link: str = ""
    # active, or draft / archived / unpublished (Shopify's Status and Published, Meta's status
    # and visibility): a product that is not active is kept but search and carts never offer it.
    status: str = Field(default=ACTIVE, max_length=20)
    # Specifications beyond title, colour and size ({"ram": "16 GB"}) whose value is the same
    # on every variant; values that differ between variants are on the variants.
    attributes: dict[str, str] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}")
    )
    # Hash of everything the product's rows say: a reload skips products whose hash is unchanged.
    content_hash: str = Field(default="", max_length=64)
    updated_at: datetime = Field(default_factory=utcnow)

    variants: list["Variant"] = Relationship(
        back_populates="product",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "Variant.id"},
    )

    @property
    def listed(self) -> bool:
        """Offered to shoppers; a draft, archived or unpublished product is never sold."""
        return self.status == ACTIVE


class Variant(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    sku: str = Field(index=True, unique=True, max_length=100)
    product_id: int = Field(foreign_key="product.id", index=True)
    color: str = Field(default="", index=True, max_length=50)
    size: str = Field(default="", index=True, max_length=50)
    material: str = Field(default="", max_length=100)
    price_minor: int  # regular price, integer minor units
    sale_price_minor: int | None = None
    currency: str = Field(max_length=3)
    stock: int | None = None  # None: the feed does not track stock for this variant
    availability: str = Field(default="in stock", max_length=20)
    image_link: str = ""
    link: str = ""
    # This variant's own attributes ({"storage": "256 GB"}): those its siblings do not share.
    attributes: dict[str, str] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}")
    )

    product: "Product" = Relationship(back_populates="variants")

    @property
    def effective_price_minor(self) -> int:
        return self.sale_price_minor if self.sale_price_minor is not None else self.price_minor

    @property
    def purchasable(self) -> bool:
        """Sellable now: its product is active, it is in stock, and stock (if tracked) is left."""
        in_stock = self.availability == "in stock" and (self.stock is None or self.stock > 0)
        return in_stock and self._listed

    @property
    def _listed(self) -> bool:
        """Its product is active. Carts and orders always ask inside a session, where the
        product loads; a variant read outside one whose product was never loaded (a report,
        a test) is judged on its own fields."""
        state = inspect(self)
        if state.detached and "product" in state.unloaded:
            return True
        return self.product is None or self.product.listed

    @property
    def units_left(self) -> int | None:
        return self.stock

    def can_supply(self, quantity: int) -> bool:
        """`quantity` units can be sold now; untracked stock (None) has no limit."""
        return self.purchasable and (self.stock is None or self.stock >= quantity)

    def reserve(self, quantity: int) -> None:
        """Take units out of stock for an order; untracked stock is left as it is."""
        if self.stock is not None:
            self.stock -= quantity

    def release(self, quantity: int) -> None:
        """Give reserved units back (the order expired or was cancelled)."""
        if self.stock is not None:
            self.stock += quantity


class CatalogImport(SQLModel, table=True):
    """The report of one catalog load, kept so a merchant can see what each reload did."""

    __tablename__ = "catalog_import"

    id: int | None = Field(default=None, primary_key=True)
    source: str
    feed_format: str = Field(max_length=20)
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    rejected: int = 0
    errors: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class ProductEmbedding(SQLModel, table=True):
    """A product's sentence vector, kept so a reload only re-embeds products whose text changed."""

    __tablename__ = "product_embedding"

    product_id: int = Field(
        sa_column=Column(Integer, ForeignKey("product.id", ondelete="CASCADE"), primary_key=True)
    )
    model: str = Field(max_length=200)  # vectors of different models are never compared
    text_hash: str = Field(max_length=64)  # sha256 of the embedded text
    vector: bytes = Field(sa_column=Column(LargeBinary, nullable=False))  # float32, L2-normalised
