package ai.peeker.domains;

import java.util.List;

/**
 * DNS records a live domain needs that no provider API produces: DKIM. Google's Admin SDK cannot
 * generate a domain's DKIM key, and Microsoft Graph cannot enable DKIM signing; both are done in
 * the provider's admin portal. The domain connects and sends without them (SPF and DMARC are set).
 * The sandbox simulates DKIM, so it has none.
 */
public final class ManualDnsRecords {
  private ManualDnsRecords() {}

  public static List<String> of(MailProviderKind provider, String domain) {
    if (provider == null) {
      return List.of();
    }
    return switch (provider) {
      case GOOGLE ->
          List.of(
              "TXT google._domainkey."
                  + domain
                  + ": generate the DKIM key in the Google Admin console (Apps > Google Workspace"
                  + " > Gmail > Authenticate email), then publish it");
      case MICROSOFT ->
          List.of(
              "CNAME selector1._domainkey."
                  + domain
                  + " and selector2._domainkey."
                  + domain
                  + ": enable DKIM for the domain in the Microsoft Defender portal, then publish"
                  + " the two CNAMEs it shows");
    };
  }
}
