from enum import StrEnum

class StudioAssetAsset(StrEnum):
    APP_CSS = "app.css"
    APP_JS = "app.js"

    def __str__(self) -> str:
        return str(self.value)
