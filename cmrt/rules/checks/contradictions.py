"""Answers on the Declaration tab that the Smelter List contradicts (Q5 recycled, Q7 all identified)."""

from __future__ import annotations

from ... import layout
from ...model import METAL_LABELS, METALS, Finding, InspectionResult
from ...text import gettext_noop
from .findings import on_smelter_row


def check_contradictions(result: InspectionResult) -> list[Finding]:
    out: list[Finding] = []
    for metal in METALS:
        label = METAL_LABELS[metal]
        rows = [s for s in result.smelters if (s.metal or "").casefold() == metal]
        if result.questions[metal]["5"] == "Yes":
            for s in rows:
                if s.recycled_scrap == "No":
                    out.append(
                        on_smelter_row(
                            "contradiction.q5_recycled",
                            s.row,
                            gettext_noop(
                                # xgettext:no-python-format ("100% of" is no placeholder)
                                "question 5 on the Declaration tab "
                                "says 100% of your {label} is recycled or scrap, but this smelter's column "
                                "P says its feedstock is not; correct one of the two."
                            ),
                            {"label": label},
                            metal,
                            "P",
                        )
                    )
        if result.questions[metal]["7"] == "Yes":
            for s in rows:
                if (s.lookup_name or "").casefold() == layout.NOT_YET_IDENTIFIED:
                    out.append(
                        on_smelter_row(
                            "contradiction.q7_unidentified",
                            s.row,
                            gettext_noop(
                                "question 7 on the Declaration "
                                "tab says all {label} smelters are identified, but this row says 'Smelter "
                                "not yet identified'; identify the smelter or answer question 7 'No'."
                            ),
                            {"label": label},
                            metal,
                            "C",
                        )
                    )
    return out
