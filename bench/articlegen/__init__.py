"""A generated evaluation set of Arabic news article pages with gold, in the layout of
../shared/corpus/pages: `python -m bench.articlegen OUT_DIR [--per-template N] [--seed S]`.

Every page is written from the project's own words (words.py) into one of many templates
(templates*.py) modelled on the layouts Arabic news sites use, each carrying what breaks
extractors (date lines in regional forms, captions, bylines and agency credits, 'read also'
injects, share prompts, tags, comments, teasers); the gold comes from the generator (build.py).
"""
