"""Versioned competence taxonomy, partner directory and sanctions list (data files + validated models).

Shared because the intake form needs the labels and the assessment needs the rules. Never imports from services/.
"""
from .documents import PartnerDirectory, Taxonomy
from .explanations import Explanations
from .funding import FundingCall, FundingCalls
from .loader import (
    TaxonomyFileError,
    default_explanations_path,
    default_funding_calls_path,
    default_partners_path,
    default_sanctions_path,
    default_taxonomy_path,
    load_explanations,
    load_funding_calls,
    load_partner_directory,
    load_sanctions_list,
    load_taxonomies,
    load_taxonomy,
    packaged_taxonomy_path,
)
from .model import Band, Partner, ReadinessCriterion, Segment, Text

__all__ = [
    "Band", "Explanations", "FundingCall", "FundingCalls", "Partner", "PartnerDirectory", "ReadinessCriterion",
    "Segment", "Taxonomy", "TaxonomyFileError", "Text",
    "default_explanations_path", "default_funding_calls_path", "default_partners_path", "default_sanctions_path",
    "default_taxonomy_path",
    "load_explanations", "load_funding_calls", "load_partner_directory", "load_sanctions_list", "load_taxonomies",
    "load_taxonomy", "packaged_taxonomy_path",
]
