from dieuhanh.zones.models.assessment import Answer, Assessment, Choice, Pillar, Question, Questionnaire
from dieuhanh.zones.models.portal import (
    Department,
    EnterpriseRequest,
    Invitation,
    QuarterlyFigures,
    RequestAttachment,
)
from dieuhanh.zones.models.registry import Contact, Enterprise, Ownership, Project, Size, Zone

__all__ = [
    "Answer",
    "Assessment",
    "Choice",
    "Contact",
    "Department",
    "Enterprise",
    "EnterpriseRequest",
    "Invitation",
    "Ownership",
    "Pillar",
    "Project",
    "QuarterlyFigures",
    "Question",
    "Questionnaire",
    "RequestAttachment",
    "Size",
    "Zone",
]
