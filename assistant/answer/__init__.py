"""The answering wing: ``pipeline.answer_question`` reads, retrieves, chooses, rules and composes."""
