"""Pseudonymisation of personal data (names, CPR, phones, e-mails, addresses) in project texts."""

from focusgroup.privacy.detect import ADDRESS, CPR, EMAIL, KINDS, PERSON, PHONE, Span, detect
from focusgroup.privacy.project import (
    PseudonymizationSummary,
    PseudonymizedView,
    key_path_for,
    project_pseudonymizer,
    pseudonymize_project,
    pseudonymized_view,
    reverse_text,
)
from focusgroup.privacy.pseudonymizer import Pseudonymizer, Replacement

__all__ = [
    "ADDRESS",
    "CPR",
    "EMAIL",
    "KINDS",
    "PERSON",
    "PHONE",
    "PseudonymizationSummary",
    "PseudonymizedView",
    "Pseudonymizer",
    "Replacement",
    "Span",
    "detect",
    "key_path_for",
    "project_pseudonymizer",
    "pseudonymize_project",
    "pseudonymized_view",
    "reverse_text",
]
