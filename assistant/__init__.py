"""The AI Diagnostic Fund assistant: cited answers and fact checks over NHS AI guidance documents."""
