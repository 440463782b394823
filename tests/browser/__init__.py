"""Browser tests (headless Chromium via Playwright) and the sample data the web tests share."""
