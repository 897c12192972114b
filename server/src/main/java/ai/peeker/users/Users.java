package ai.peeker.users;

import ai.peeker.api.ApiError;
import ai.peeker.api.FieldError;
import ai.peeker.api.Fields;
import ai.peeker.common.Change;
import ai.peeker.common.Cursor;
import ai.peeker.common.Ids;
import ai.peeker.common.PageSlice;
import ai.peeker.partners.Scope;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** A partner's customers: unique email per partner and environment, soft deletion. */
public final class Users {
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s.]+");

  private final Jdbi jdbi;
  private final Clock clock;
  private final Ids ids;
  private final SequencerClients sequencerClients;
  private final List<EmailCopies> emailCopies = new CopyOnWriteArrayList<>();

  public Users(Jdbi jdbi, Clock clock, Ids ids, SequencerClients sequencerClients) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.ids = ids;
    this.sequencerClients = sequencerClients;
  }

  /** The route with the partner's default client filled in where it was asked for. */
  private User.SequencerRoute resolved(Handle h, Scope scope, User.SequencerRoute route) {
    if (route == null) {
      return null;
    }
    return new User.SequencerRoute(
        route.provider(),
        sequencerClients.resolve(h, scope, route.clientId(), "sequencer.client_id"));
  }

  public record NewUser(
      String email, String firstName, String lastName, User.SequencerRoute sequencer) {}

  public record UserChanges(
      Change<String> email,
      Change<String> firstName,
      Change<String> lastName,
      Change<User.SequencerRoute> sequencer) {}

  public User create(Scope scope, NewUser draft) {
    checkEmail(draft.email(), "email");
    return inTransactionRefusingDuplicates(
        h -> {
          if (UserStore.findByEmail(h, scope, draft.email()).isPresent()) {
            throw duplicateEmail();
          }
          return insert(h, scope, draft);
        });
  }

  /**
   * Where else a user's email is kept (an order keeps its user's, for listing), brought up to date
   * in the transaction that changes the email. Whoever copies it reads the user with {@link
   * #findOrCreate} or {@link #findActive}, which lock the row until that copy commits: a change
   * cannot slip between the read and the copy.
   */
  public interface EmailCopies {
    void update(Handle h, Scope scope, String userId, String email);
  }

  /** Registers a place that keeps users' emails ({@link EmailCopies}). */
  public void keepEmailCopiesIn(EmailCopies copies) {
    emailCopies.add(copies);
  }

  /**
   * The user with this email, created when new (for orders placed by email), locked for the rest of
   * the transaction. A deleted user is refused: it keeps its orders but takes no new ones.
   */
  public User findOrCreate(Handle h, Scope scope, NewUser draft, String field) {
    checkEmail(draft.email(), field);
    Optional<User> existing = UserStore.findByEmailForUpdate(h, scope, draft.email());
    if (existing.isPresent()) {
      return refuseDeleted(existing.get(), field);
    }
    return insert(h, scope, draft);
  }

  /**
   * An existing, active user of this tenant by id (for orders placed by user id), locked for the
   * rest of the transaction.
   */
  public User findActive(Handle h, Scope scope, String id, String field) {
    User user =
        (Ids.looksLike("usr_", id) ? UserStore.findForUpdate(h, scope, id) : Optional.<User>empty())
            .orElseThrow(() -> ApiError.notFound("User", field));
    return refuseDeleted(user, field);
  }

  public User get(Scope scope, String id) {
    return find(scope, id).orElseThrow(() -> ApiError.notFound("User"));
  }

  public Optional<User> find(Scope scope, String id) {
    if (!Ids.looksLike("usr_", id)) {
      return Optional.empty();
    }
    return jdbi.withHandle(h -> UserStore.find(h, scope, id));
  }

  public PageSlice<User> list(
      Scope scope, String email, UserStatus status, Cursor after, int perPage) {
    return PageSlice.of(
        jdbi.withHandle(h -> UserStore.list(h, scope, email, status, after, perPage + 1)),
        perPage,
        u -> new Cursor(u.createdAt(), u.id()));
  }

  public User update(Scope scope, String id, UserChanges changes) {
    changes.email().ifPresent(email -> checkEmail(email, "email"));
    return inTransactionRefusingDuplicates(
        h -> {
          User current = lockedUser(h, scope, id);
          if (changes.email().present()
              && !UserStore.emailKey(changes.email().value())
                  .equals(UserStore.emailKey(current.email()))
              && UserStore.findByEmail(h, scope, changes.email().value()).isPresent()) {
            throw duplicateEmail();
          }
          User updated =
              new User(
                  current.id(),
                  changes.email().or(current.email()),
                  changes.firstName().or(current.firstName()),
                  changes.lastName().or(current.lastName()),
                  current.status(),
                  changes.sequencer().present()
                      ? resolved(h, scope, changes.sequencer().value())
                      : current.sequencer(),
                  current.createdAt());
          UserStore.update(h, scope, updated, null);
          if (!updated.email().equals(current.email())) {
            emailCopies.forEach(copies -> copies.update(h, scope, id, updated.email()));
          }
          return updated;
        });
  }

  /** Marks the user deleted; its orders stay. Deleting twice answers the same. */
  public User delete(Scope scope, String id) {
    return jdbi.inTransaction(
        h -> {
          User current = lockedUser(h, scope, id);
          if (current.deleted()) {
            return current;
          }
          User deleted =
              new User(
                  current.id(),
                  current.email(),
                  current.firstName(),
                  current.lastName(),
                  UserStatus.DELETED,
                  current.sequencer(),
                  current.createdAt());
          UserStore.update(h, scope, deleted, now());
          return deleted;
        });
  }

  private User lockedUser(Handle h, Scope scope, String id) {
    if (!Ids.looksLike("usr_", id)) {
      throw ApiError.notFound("User");
    }
    return UserStore.findForUpdate(h, scope, id).orElseThrow(() -> ApiError.notFound("User"));
  }

  private User insert(Handle h, Scope scope, NewUser draft) {
    User user =
        new User(
            ids.next("usr_"),
            draft.email(),
            draft.firstName(),
            draft.lastName(),
            UserStatus.ACTIVE,
            resolved(h, scope, draft.sequencer()),
            now());
    UserStore.insert(h, scope, user);
    return user;
  }

  private static User refuseDeleted(User user, String field) {
    if (user.deleted()) {
      throw ApiError.invalid(field, "User " + user.id() + " is deleted and takes no new orders");
    }
    return user;
  }

  /** Refuses a missing or malformed email, naming {@code field}. */
  public static void checkEmail(String email, String field) {
    if (Fields.required(email, field).length() > 254 || !EMAIL.matcher(email).matches()) {
      throw new FieldError(field, "must be an email address");
    }
  }

  private static ApiError duplicateEmail() {
    return ApiError.conflict("A user with this email already exists", "email");
  }

  /** Two concurrent creates of one email: the unique index decides, the loser gets a 409. */
  private <T> T inTransactionRefusingDuplicates(
      org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
    try {
      return jdbi.inTransaction(work);
    } catch (UnableToExecuteStatementException e) {
      if (isUniqueViolation(e)) {
        throw duplicateEmail();
      }
      throw e;
    }
  }

  static boolean isUniqueViolation(Exception e) {
    Throwable cause = e.getCause();
    return cause instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState());
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
