"""The hostile test web: a project-written HTTP server on 127.0.0.1 serving pages that break
crawlers (tests/test_hostile.py crawls it; docs/robustness.md lists its cases)."""
