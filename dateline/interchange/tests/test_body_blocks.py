from dateline.interchange.body import body_blocks, body_items


def test_a_list_of_plain_paragraphs_becomes_escaped_paragraph_blocks():
    assert body_blocks(["Tom & Jerry", "a < b"]) == [
        {"type": "paragraph", "value": "<p>Tom &amp; Jerry</p>"},
        {"type": "paragraph", "value": "<p>a &lt; b</p>"},
    ]


def test_each_top_level_block_element_is_a_block_and_loose_text_a_paragraph():
    blocks = body_blocks(
        "Loose <b>text</b><p>One</p>\n<h2>Heading</h2><ol><li>a</li><li>b</li></ol><p> </p>"
    )

    assert [block["value"] for block in blocks] == [
        "<p>Loose <b>text</b></p>",
        "<p>One</p>",
        "<h2>Heading</h2>",
        "<ol><li>a</li><li>b</li></ol>",
    ]


def test_hostile_html_is_stripped_to_the_paragraph_features():
    blocks = body_blocks(
        '<p onclick="steal()">Hello <script>alert(1)</script><style>p{}</style>'
        '<a href="javascript:alert(1)">bad</a> <a href="https://example.org/" target="_blank" '
        'onmouseover="x()">good</a><img src="x" onerror="boom()"><iframe src="//evil"></iframe>'
        "<em>fine</em></p>"
    )

    assert blocks == [
        {
            "type": "paragraph",
            "value": '<p>Hello <a>bad</a> <a href="https://example.org/">good</a><em>fine</em></p>',
        }
    ]


def test_a_blockquote_becomes_a_quote_block_with_its_attribution():
    blocks = body_blocks(
        "<blockquote><p>We will open on time.</p><cite> The mayor </cite></blockquote>"
    )

    assert blocks == [
        {"type": "quote", "value": {"text": "We will open on time.", "attribution": "The mayor"}}
    ]


def test_blocks_written_out_and_read_back_are_the_same():
    blocks = body_blocks(
        [
            '<p>Said "yes" &amp; left</p><h3>Then</h3>',
            "<blockquote>Line\n\nline & more</blockquote>",
        ]
    )

    assert body_blocks(body_items(blocks)) == blocks


def test_blocks_that_point_at_other_records_are_not_written_out():
    items = body_items(
        [
            {"type": "paragraph", "value": "<p>Text</p>"},
            {"type": "photo", "value": {"image": 3, "caption": ""}},
            {"type": "see_also", "value": {"story": 8}},
        ]
    )

    assert items == ["<p>Text</p>"]
