"""Vietnamese text to speech: a normaliser, pluggable engines and a background task.

The small API other apps use (the broadcast programmes among them):

- ``normalise(text)`` — text as it should be read aloud (`bantin.speech.normalise`);
- ``get_engine().synthesise(text, voice)`` — audio bytes and duration (`bantin.speech.engines`);
- ``synthesise_to_file.enqueue(text, ...)`` — the background task that stores the audio under
  ``speech/`` in media storage (`bantin.speech.tasks`);
- ``article_script(article)`` — the text read for a news article (`bantin.speech.scripts`).
"""
