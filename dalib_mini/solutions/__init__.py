"""Reference answers to the chapter exercises, one module per chapter.

Kept out of the notebooks on purpose: try the exercise first. The tests prove that each
notebook's self-check accepts these answers.
"""
