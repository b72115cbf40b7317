#!/usr/bin/env python3
"""Reads an annotated Word document with python-docx and prints, as JSON,
its comments (id, author, initials, text) and the text each comment range
covers in the main document (w:t outside deletions, as Word shows the
document with the changes of other authors accepted and those of
xxgk-lint rejected: their deleted text, not their inserted text).

    python3 tests/office/read_annotated.py FILE.docx
"""

import json
import sys

import docx
from docx.oxml.ns import qn

AUTHOR = "xxgk-lint"


def anchors(body):
    open_ids, out = [], {}
    for element in body.iter():
        tag = element.tag
        if tag == qn("w:commentRangeStart"):
            ident = element.get(qn("w:id"))
            open_ids.append(ident)
            out.setdefault(ident, "")
        elif tag == qn("w:commentRangeEnd"):
            ident = element.get(qn("w:id"))
            if ident in open_ids:
                open_ids.remove(ident)
        elif tag in (qn("w:t"), qn("w:delText")) and open_ids:
            ours_ins = ours_del = any_del = False
            for ancestor in element.iterancestors():
                if ancestor.tag == qn("w:ins") and ancestor.get(qn("w:author")) == AUTHOR:
                    ours_ins = True
                if ancestor.tag == qn("w:del"):
                    any_del = True
                    ours_del = ancestor.get(qn("w:author")) == AUTHOR
            keep = (tag == qn("w:t") and not any_del and not ours_ins) or (
                tag == qn("w:delText") and ours_del
            )
            if keep:
                for ident in open_ids:
                    out[ident] += element.text or ""
    return out


def main():
    document = docx.Document(sys.argv[1])
    comments = [
        {
            "id": str(comment.comment_id),
            "author": comment.author,
            "initials": comment.initials,
            "text": comment.text,
        }
        for comment in document.comments
    ]
    print(
        json.dumps(
            {"comments": comments, "anchors": anchors(document.element.body)},
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
