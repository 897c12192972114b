package ai.peeker.domains.imports;

import java.util.List;

/** One submitted name of an import and what became of it. */
record ImportRow(
    int seq,
    String domain,
    ImportRowStatus status,
    ImportRowReason reason,
    String domainId,
    List<String> nameservers) {

  ImportRow with(ImportRowStatus status, ImportRowReason reason) {
    return new ImportRow(seq, domain, status, reason, domainId, nameservers);
  }
}
