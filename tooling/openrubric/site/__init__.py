"""The published rubric site: pages generated from the content, and the MkDocs plugin that adds them."""
