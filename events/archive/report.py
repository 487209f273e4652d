"""The import command's closing report: counts, then every refused file with its reason."""

from .importer import ImportReport

MISSING_SHOWN = 20


def write_import_report(report: ImportReport, out, style, verbosity: int = 1) -> None:
    verb = "would be " if report.dry_run else ""
    out.write(
        f"{report.files} files: {report.created} {verb}created, {report.updated} {verb}updated, "
        f"{report.unchanged} unchanged, {len(report.refused)} refused, "
        f"{len(report.warnings)} warnings."
    )
    if report.links_resolved:
        out.write(f"{report.links_resolved} related links resolved to their events.")
    if report.merged_away:
        out.write(
            style.NOTICE(
                f"{len(report.merged_away)} files skipped: their events were merged into "
                "others (path -> kept event):"
            )
        )
        for path, kept in report.merged_away:
            out.write(f"  {path} -> {kept or 'deleted since'}")
    if report.dry_run:
        out.write(style.NOTICE("Dry run: nothing was written."))
    elif report.wrote_nothing and not report.refused:
        out.write(style.SUCCESS("Nothing changed: the database already matches the archive."))
    if report.warnings and verbosity >= 1:
        out.write(style.WARNING("Warnings:"))
        for problem in report.warnings if verbosity >= 2 else report.warnings[:MISSING_SHOWN]:
            out.write(f"  {problem}")
        if verbosity < 2 and len(report.warnings) > MISSING_SHOWN:
            out.write(f"  ... and {len(report.warnings) - MISSING_SHOWN} more (use -v 2).")
    if report.missing:
        out.write(
            style.WARNING(
                f"{len(report.missing)} imported events are no longer in the archive "
                "(kept, not deleted):"
            )
        )
        shown = report.missing if verbosity >= 2 else report.missing[:MISSING_SHOWN]
        for path in shown:
            out.write(f"  {path}")
        if len(shown) < len(report.missing):
            out.write(f"  ... and {len(report.missing) - len(shown)} more (use -v 2).")
    if report.refused:
        out.write(style.ERROR(f"Refused files ({len(report.refused)}):"))
        for problem in report.refused:
            out.write(f"  {problem}")
