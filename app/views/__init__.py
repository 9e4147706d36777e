"""PySide6 widgets. They call domain functions (app.services) and never touch the database."""
