"""Dock widget, panels, background tasks, locator filter and settings page."""
