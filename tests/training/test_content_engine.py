from training.content import is_static_image, render_markdown, sanitize_html


def test_markdown_renders_lesson_structure():
    html = render_markdown("# Тақырып\n\n- one\n- **two**\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n`x = 1`")
    assert "<h2>Тақырып</h2>" in html
    assert "<li><strong>two</strong></li>" in html
    assert '<td style="text-align:right">2</td>' in html
    assert "<code>x = 1</code>" in html


def test_sanitizer_strips_script_and_event_handlers():
    html = render_markdown('Hi <script>alert(1)</script><img src="/static/a.png" onerror="alert(2)">')
    assert "<script" not in html and "alert(1)" not in html
    assert "onerror" not in html and "alert(2)" not in html
    assert '<img src="/static/a.png">' in html


def test_sanitizer_drops_javascript_urls_and_adds_rel_to_links():
    html = render_markdown(
        '[a](https://egov.kz) <a href="JaVaScRiPt:alert(1)">b</a> [c](javascript:alert(3))'
    )
    assert 'href="https://egov.kz" rel="noopener noreferrer"' in html
    assert 'href="javascript' not in html.lower()
    assert "<a rel=" in html  # the link text stays, its href is gone


def test_images_only_from_static_paths():
    html = render_markdown(
        "![ok](/static/img/a.png) ![remote](https://evil.example/x.png) ![up](/static/../x)"
    )
    assert '<img src="/static/img/a.png" alt="ok">' in html
    assert "evil.example" not in html and "remote" in html
    assert not is_static_image("//evil.example/static/x.png")
    assert not is_static_image("/static/../etc/passwd")


def test_sanitizer_removes_styles_iframes_and_comments():
    html = sanitize_html('<p style="color:red">t</p><iframe src="x">in</iframe><!-- c --><style>p{}</style>')
    assert html == "<p>t</p>"
