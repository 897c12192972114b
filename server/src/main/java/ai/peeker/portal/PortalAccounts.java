package ai.peeker.portal;

import ai.peeker.common.Ids;
import ai.peeker.partners.Partners;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Portal accounts: users added by the operator with a one-time link, passwords (Argon2id),
 * throttled sign-in, and sessions kept in the database so every node knows them.
 */
public final class PortalAccounts {
  /** A link to set a password works this long, once. */
  public static final Duration LINK_LIFETIME = Duration.ofHours(24);

  /** A session ends this long after sign-in, used or not. */
  public static final Duration SESSION_LIFETIME = Duration.ofHours(12);

  /** This many failed sign-ins of one account, or from one address, in one window… */
  public static final int MAX_FAILURES = 20;

  /** …refuse further tries until the window (begun by the first failure) has passed. */
  public static final Duration THROTTLE_WINDOW = Duration.ofMinutes(15);

  public static final int MIN_PASSWORD = 12;
  public static final int MAX_PASSWORD = 200;

  private final Jdbi jdbi;
  private final Clock clock;
  private final Ids ids;
  private final Partners partners;

  public PortalAccounts(Jdbi jdbi, Clock clock, Ids ids, Partners partners) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.ids = ids;
    this.partners = partners;
  }

  /** A user and the token of the one-time link that sets their password (shown once). */
  public record Invitation(PortalUser user, String token, Instant expiresAt) {}

  /**
   * Adds a user to a partner, or, for an existing user of that partner, issues a new link (e.g. a
   * forgotten password). The link's token is returned once and stored only as a hash.
   */
  public Invitation invite(String partnerId, String email) {
    if (partnerId == null || partners.find(partnerId).isEmpty()) {
      throw new IllegalArgumentException("no partner " + partnerId);
    }
    String address = email == null ? "" : email.strip();
    if (address.length() > 320 || !address.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      throw new IllegalArgumentException("'" + email + "' is not an email address");
    }
    String key = address.toLowerCase(Locale.ROOT);
    Instant now = now();
    String token = Secrets.token();
    Instant expires = now.plus(LINK_LIFETIME);
    PortalUser user =
        jdbi.inTransaction(
            h -> {
              PortalUser found =
                  PortalStore.userByEmail(h, key).map(PortalStore.UserRow::user).orElse(null);
              if (found != null && !found.partnerId().equals(partnerId)) {
                throw new IllegalArgumentException(
                    address + " already signs in for another partner");
              }
              if (found == null) {
                found = new PortalUser(ids.next("pus_"), partnerId, address, false, now);
                PortalStore.insertUser(h, found, key);
              }
              PortalStore.insertLink(h, Secrets.hash(token), found.id(), now, expires);
              return found;
            });
    return new Invitation(user, token, expires);
  }

  /** The user a link is for, while it is unused and unexpired. */
  public Optional<PortalUser> linkUser(String token) {
    if (token == null || token.length() > 100) {
      return Optional.empty();
    }
    Instant now = now();
    return jdbi.withHandle(
        h ->
            PortalStore.linkUser(h, Secrets.hash(token), now)
                .flatMap(id -> PortalStore.user(h, id))
                .map(PortalStore.UserRow::user));
  }

  /** What a password is refused for, or null when it will do. */
  public static String passwordProblem(String password, String repeated) {
    if (password == null || password.length() < MIN_PASSWORD) {
      return "Use at least " + MIN_PASSWORD + " characters.";
    }
    if (password.length() > MAX_PASSWORD) {
      return "Use at most " + MAX_PASSWORD + " characters.";
    }
    if (!password.equals(repeated)) {
      return "The two passwords differ.";
    }
    return null;
  }

  /**
   * Sets the password of the link's user, uses up the link, ends the user's other sessions and
   * signs them in. Empty when the link is unknown, used or expired.
   */
  public Optional<SignedIn> setPassword(String token, String password) {
    if (passwordProblem(password, password) != null) {
      throw new IllegalArgumentException(passwordProblem(password, password));
    }
    Optional<PortalUser> user = linkUser(token);
    if (user.isEmpty()) {
      return Optional.empty();
    }
    String hash = Secrets.hashPassword(password); // slow: outside the transaction
    Instant now = now();
    return jdbi.inTransaction(
        h -> {
          if (!PortalStore.useLink(h, Secrets.hash(token), now)) {
            return Optional.empty();
          }
          PortalStore.setPassword(h, user.get().id(), hash);
          PortalStore.deleteSessionsOf(h, user.get().id());
          return Optional.of(startSession(h, user.get().id(), now));
        });
  }

  /** A new session: its cookie token (given to the browser only) and its CSRF token. */
  public record SignedIn(String cookieToken, Instant expiresAt) {}

  /** What a sign-in came to. */
  public sealed interface SignIn {
    record Success(SignedIn session) implements SignIn {}

    record WrongCredentials() implements SignIn {}

    /** Too many failures for this account or address; try again at {@code until}. */
    record Throttled(Instant until) implements SignIn {}
  }

  /**
   * Checks an email and password. Refused without checking when the account or the address has
   * failed {@link #MAX_FAILURES} times in the current window; every failure counts for both.
   */
  public SignIn signIn(String email, String password, String address) {
    String key = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    if (key.length() > 320 || password == null || password.length() > MAX_PASSWORD) {
      return new SignIn.WrongCredentials();
    }
    String account = "account:" + key;
    String ip = "ip:" + address;
    Instant now = now();
    Instant since = now.minus(THROTTLE_WINDOW);
    boolean throttled =
        jdbi.withHandle(
            h ->
                PortalStore.failures(h, account, since) >= MAX_FAILURES
                    || PortalStore.failures(h, ip, since) >= MAX_FAILURES);
    if (throttled) {
      return new SignIn.Throttled(now.plus(THROTTLE_WINDOW));
    }
    Optional<PortalStore.UserRow> row = jdbi.withHandle(h -> PortalStore.userByEmail(h, key));
    boolean matches =
        Secrets.passwordMatches(password, row.map(PortalStore.UserRow::passwordHash).orElse(null));
    if (!matches) {
      jdbi.useTransaction(
          h -> {
            PortalStore.addFailure(h, account, now, since);
            PortalStore.addFailure(h, ip, now, since);
          });
      return new SignIn.WrongCredentials();
    }
    return new SignIn.Success(
        jdbi.inTransaction(
            h -> {
              PortalStore.clearFailures(h, account);
              return startSession(h, row.get().user().id(), now);
            }));
  }

  /** The live session behind a cookie token. */
  public Optional<Session> session(String cookieToken) {
    if (cookieToken == null || cookieToken.length() > 100) {
      return Optional.empty();
    }
    Instant now = now();
    return jdbi.withHandle(h -> PortalStore.session(h, Secrets.hash(cookieToken), now));
  }

  public void signOut(Session session) {
    jdbi.useHandle(h -> PortalStore.deleteSession(h, session.tokenHash()));
  }

  /** Ends every session of the user, on every device; answers how many ended. */
  public int signOutEverywhere(String userId) {
    return jdbi.withHandle(h -> PortalStore.deleteSessionsOf(h, userId));
  }

  private SignedIn startSession(org.jdbi.v3.core.Handle h, String userId, Instant now) {
    String token = Secrets.token();
    Instant expires = now.plus(SESSION_LIFETIME);
    PortalStore.insertSession(h, Secrets.hash(token), userId, Secrets.token(), now, expires);
    return new SignedIn(token, expires);
  }

  /** True when {@code presented} is the session's CSRF token (compared in constant time). */
  public static boolean csrfMatches(Session session, String presented) {
    return Secrets.same(session.csrfToken(), presented);
  }

  /** A fresh random token (for the CSRF cookie of forms shown before sign-in). */
  public static String newToken() {
    return Secrets.token();
  }

  /** Constant-time equality of two tokens; false when either is missing. */
  public static boolean sameToken(String a, String b) {
    return Secrets.same(a, b);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
