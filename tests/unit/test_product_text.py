"""The text a product's vector and keyword index are built from."""

from catalog.embeddings import embedding_text, text_hash
from catalog.product_text import clean_description, description_summary

LAPTOP = (
    "<p>A 14-inch laptop with 16 GB of RAM &amp; an all-day battery.</p> "
    "See https://shop.example.com/aero for details! The aluminium chassis slips into any bag."
)


def test_descriptions_are_cleaned() -> None:
    assert clean_description(LAPTOP) == (
        "A 14-inch laptop with 16 GB of RAM & an all-day battery. See for details! "
        "The aluminium chassis slips into any bag."
    )


def test_the_vector_reads_the_title_and_the_category_kind_not_the_description() -> None:
    assert embedding_text("Aero 14", "Electronics > Laptops") == "Aero 14. Laptops"
    # No product_type: Google's category path stands in.
    google = "Electronics > Computers > Laptops"
    assert embedding_text("Aero 14", "", google) == "Aero 14. Laptops"
    assert text_hash("Aero 14. Laptops") != text_hash("Aero 14")


def test_summaries_stop_at_a_sentence_or_a_word() -> None:
    assert description_summary("One. Two. Three.", sentences=None, limit=9) == "One. Two."
    long_sentence = "word " * 100
    summary = description_summary(long_sentence, limit=50)
    assert len(summary) <= 50 and summary.endswith("word")
    assert description_summary("") == ""
