from enum import StrEnum

class ProblemType(StrEnum):
    HTTPSPROCURA_DEVPROBLEMSAUTHENTICATION_ERROR = "https://procura.dev/problems/authentication_error"
    HTTPSPROCURA_DEVPROBLEMSCONFLICT = "https://procura.dev/problems/conflict"
    HTTPSPROCURA_DEVPROBLEMSFORBIDDEN = "https://procura.dev/problems/forbidden"
    HTTPSPROCURA_DEVPROBLEMSINTERNAL_ERROR = "https://procura.dev/problems/internal_error"
    HTTPSPROCURA_DEVPROBLEMSINVALID_REQUEST = "https://procura.dev/problems/invalid_request"
    HTTPSPROCURA_DEVPROBLEMSMAPPING_ERROR = "https://procura.dev/problems/mapping_error"
    HTTPSPROCURA_DEVPROBLEMSMETHOD_NOT_ALLOWED = "https://procura.dev/problems/method_not_allowed"
    HTTPSPROCURA_DEVPROBLEMSNOT_FOUND = "https://procura.dev/problems/not_found"
    HTTPSPROCURA_DEVPROBLEMSPAYLOAD_TOO_LARGE = "https://procura.dev/problems/payload_too_large"
    HTTPSPROCURA_DEVPROBLEMSRELOAD_REJECTED = "https://procura.dev/problems/reload_rejected"
    HTTPSPROCURA_DEVPROBLEMSREQUEST_TIMEOUT = "https://procura.dev/problems/request_timeout"
    HTTPSPROCURA_DEVPROBLEMSUNAUTHORIZED = "https://procura.dev/problems/unauthorized"
    HTTPSPROCURA_DEVPROBLEMSUNAVAILABLE = "https://procura.dev/problems/unavailable"
    HTTPSPROCURA_DEVPROBLEMSUNSUPPORTED = "https://procura.dev/problems/unsupported"
    HTTPSPROCURA_DEVPROBLEMSUNSUPPORTED_MEDIA_TYPE = "https://procura.dev/problems/unsupported_media_type"
    HTTPSPROCURA_DEVPROBLEMSUPSTREAM_ERROR = "https://procura.dev/problems/upstream_error"
    HTTPSPROCURA_DEVPROBLEMSUPSTREAM_TIMEOUT = "https://procura.dev/problems/upstream_timeout"
    HTTPSPROCURA_DEVPROBLEMSUPSTREAM_TOO_LARGE = "https://procura.dev/problems/upstream_too_large"
    HTTPSPROCURA_DEVPROBLEMSVALIDATION_ERROR = "https://procura.dev/problems/validation_error"

    def __str__(self) -> str:
        return str(self.value)
