"""Helpers of the browser tests (tests/test_browser.py): building and serving the guide, and
the checks run in Chromium. axe-core lives in node_modules/ here (package.json pins it;
``build-scripts/setup --browser`` installs it)."""
