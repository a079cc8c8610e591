"""Versioned competence taxonomy, partner directory and sanctions list (data files + validated models).

Shared because the intake form needs the labels and the assessment needs the rules. Never imports from services/.
"""
from .documents import PartnerDirectory, Taxonomy
from .loader import (
    TaxonomyFileError,
    default_partners_path,
    default_sanctions_path,
    default_taxonomy_path,
    load_partner_directory,
    load_sanctions_list,
    load_taxonomy,
)
from .model import Band, Partner, ReadinessCriterion, Text

__all__ = [
    "Band", "Partner", "PartnerDirectory", "ReadinessCriterion", "Taxonomy", "TaxonomyFileError", "Text",
    "default_partners_path", "default_sanctions_path", "default_taxonomy_path",
    "load_partner_directory", "load_sanctions_list", "load_taxonomy",
]
