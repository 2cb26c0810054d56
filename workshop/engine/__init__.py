"""The one path every change takes: intent -> check -> pure reducer -> persist -> push."""
