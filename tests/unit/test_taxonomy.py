"""Google's taxonomy file: numeric ids become the text paths the catalog stores."""

from catalog.feeds.taxonomy import category_path, google_categories


def test_ids_become_paths() -> None:
    assert category_path("212") == "Apparel & Accessories > Clothing > Shirts & Tops"
    assert category_path(" 328 ") == "Electronics > Computers > Laptops"
    assert category_path("1") == "Animals & Pet Supplies"


def test_paths_pass_through_and_unknown_ids_give_no_path() -> None:
    assert category_path("Media > DVDs & Videos") == "Media > DVDs & Videos"
    assert category_path("999999999") == ""
    assert category_path("") == ""


def test_the_whole_file_is_read() -> None:
    categories = google_categories()
    assert len(categories) > 5000
    # Every path's parent is itself a category: the file is whole, not truncated.
    paths = set(categories.values())
    assert all(path.rpartition(" > ")[0] in paths for path in paths if " > " in path)
