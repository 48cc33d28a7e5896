"""Sphinx configuration of the course book (``make book``; built by ``book/build_book.py``).

The book is made from the committed, executed notebooks: ``nb_execution_mode`` is "off" unless
``DALIB_MINI_BOOK_EXECUTE=1`` (``make book EXECUTE=1``). Everything a page loads lies under
``build/book/``: MathJax 3 is copied there from the npm package ``mathjax`` at build time, the
theme's fonts and scripts ship inside the ``sphinx-book-theme`` / ``pydata-sphinx-theme`` wheels,
and no page refers to a CDN (``tests/test_book_and_slides.py`` checks this in Chromium).
"""
import os

project = "dalib_mini: adversarial and clustering-based learning across domains"
author = "the dalib_mini course"
copyright = "the dalib_mini course, MIT licence"

extensions = ["myst_nb", "sphinx.ext.mathjax"]
exclude_patterns = ["_build", "**.ipynb_checkpoints", "results/**", "templates/**"]
templates_path = []

# --- notebooks -------------------------------------------------------------------------------
nb_execution_mode = "force" if os.environ.get("DALIB_MINI_BOOK_EXECUTE") == "1" else "off"
nb_execution_timeout = int(os.environ.get("CELL_TIMEOUT", "900"))
nb_execution_raise_on_error = True
nb_execution_allow_errors = False
nb_execution_excludepatterns = []
# Exercise cells raise on purpose (tagged raises-exception); show their tracebacks in full.
nb_merge_streams = True
# No widget JavaScript from a CDN: the pages show the static outputs.
nb_ipywidgets_js = {}
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3
suppress_warnings = ["mystnb.unknown_mime_type", "myst.header", "misc.highlighting_failure"]

# --- maths: a local MathJax 3 (npm package mathjax, copied to _static/mathjax) ---------------
mathjax_path = "mathjax/tex-chtml.js"
mathjax3_config = {
    "tex": {"inlineMath": [["\\(", "\\)"]], "displayMath": [["\\[", "\\]"]]},
    "options": {"processHtmlClass": "tex2jax_process|mathjax_process|math|output_area"},
}

# --- HTML ------------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "dalib_mini course"
html_static_path = ["_static"]
html_css_files = ["book.css"]
html_last_updated_fmt = None
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "home_page_in_toc": True,
    "navigation_with_keys": True,
}
# an explicit colour mode: with none, the theme logs a console error on every page opened from disk
html_context = {"default_mode": "light"}
# search result summaries would fetch() each page, which browsers refuse for file:// pages
html_show_search_summary = False
html_sidebars = {"**": ["navbar-logo.html", "search-field.html", "sbt-sidebar-nav.html"]}
