"""File formats around an article's text: front matter, Markdown, feeds (pure Python, no ORM).

``frontmatter.front_matter_split`` takes a YAML or TOML block off the top of a file and reads
what its keys say about the article; ``markdown.markdown_text`` turns Markdown (with the HTML,
entities and shortcodes real exports leave in it) into the plain paragraphs the cleaning
steps read.
"""
