"""Every table sits in a region that takes the keyboard's focus, named by the heading above it."""

from __future__ import annotations

from openrubric.site.tables import focusable_tables

ROWS = "<thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody>"
LABELLED = '<thead><tr><th>A</th></tr></thead><tbody><tr><td data-label="A">1</td></tr></tbody>'



def test_a_table_is_wrapped_in_a_focusable_region_named_by_the_heading_above_it():
    html = f'<h2 id="weights">Weights<a class="headerlink" href="#weights">¶</a></h2>\n<p>Intro</p>\n<table>{ROWS}</table>'

    assert focusable_tables(html) == (
        f'<h2 id="weights">Weights<a class="headerlink" href="#weights">¶</a></h2>\n<p>Intro</p>\n'
        f'<div class="openrubric-table" tabindex="0" role="region" aria-labelledby="weights"><table>{LABELLED}</table></div>'
    )


def test_each_table_takes_the_nearest_heading_and_one_without_an_id_leaves_a_plain_name():
    html = f'<h1 id="top">T</h1><table>{ROWS}</table><h3>No id</h3><table>{ROWS}</table><h2 id="b">B</h2><table>{ROWS}</table>'

    found = focusable_tables(html)

    assert found.count("<div class=\"openrubric-table\"") == 3 and found.count("</table></div>") == 3
    assert 'aria-labelledby="top"><table>' in found and 'aria-labelledby="b"><table>' in found
    assert '<h3>No id</h3><div class="openrubric-table" tabindex="0" role="region" aria-label="Table"><table>' in found


def test_a_table_before_any_heading_and_text_that_only_mentions_tables_are_handled():
    html = f"<table>{ROWS}</table><p>&lt;table&gt; and &lt;/table&gt; as text</p><hr>"

    found = focusable_tables(html)

    assert found.startswith('<div class="openrubric-table" tabindex="0" role="region" aria-label="Table"><table>')
    assert found.endswith("</table></div><p>&lt;table&gt; and &lt;/table&gt; as text</p><hr>")


def test_each_cell_is_labelled_with_its_columns_header_as_escaped_text():
    table = (
        '<table><thead><tr><th style="text-align: left">Field</th><th><code>a"b</code> &amp; c</th><th>&lt;x onclick=1&gt;</th></tr></thead>'
        "<tbody><tr><td>f</td><td>1</td><td>2</td></tr><tr><td>g</td><td>3</td><td>4</td><td>extra</td></tr></tbody></table>"
    )

    found = focusable_tables(table)

    assert found.count('<td data-label="Field">') == 2
    assert found.count('<td data-label="a&quot;b &amp; c">') == 2
    assert found.count('<td data-label="&lt;x onclick=1&gt;">') == 2
    assert '<td data-label="">extra</td>' in found  # a cell beyond the header row has no name to show


def test_a_table_without_a_header_row_keeps_its_cells_as_they_are():
    assert "data-label" not in focusable_tables("<table><tbody><tr><td>1</td></tr></tbody></table>")
