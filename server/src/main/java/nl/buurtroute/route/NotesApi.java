package nl.buurtroute.route;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import nl.buurtroute.api.ApiException;
import nl.buurtroute.store.Overview.NoteRecord;
import nl.buurtroute.store.Store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * {@code POST /api/routes/{sessionId}/notes} with {@code {"text"}}: a dated note on a route (agreements made
 * afterwards: who does what), by whoever may read the route (review, facilitator or admin token). The text is
 * kept as written, trimmed; 1 to {@value #MAX_CHARS} characters. A route holds at most {@value #MAX_NOTES}.
 */
final class NotesApi {
  static final int MAX_CHARS = 2000;
  static final int MAX_NOTES = 500;

  private final RouteAccess access;
  private final Store store;

  NotesApi(RouteAccess access, Store store) {
    this.access = access;
    this.store = store;
  }

  record Created(String noteId, String text, Instant createdAt) {
  }

  void add(RoutingContext ctx) {
    String token = RoutesApi.token(ctx);
    String text = text(ctx);
    String sessionId = ctx.pathParam("sessionId");
    access.authorize(sessionId, token, "deze route")
        .compose(row -> store.notes(row.sessionId()).compose(notes -> {
          if (notes.size() >= MAX_NOTES) {
            throw new ApiException(409, "too_many_notes", "Deze route heeft al " + MAX_NOTES
                + " notities. Zet afspraken bij elkaar in één notitie.");
          }
          NoteRecord note = new NoteRecord(UUID.randomUUID().toString(), row.sessionId(), text,
              Instant.now().truncatedTo(ChronoUnit.MICROS));
          return store.addNote(note).map(v -> note);
        }))
        .onSuccess(note -> ctx.response().setStatusCode(201)
            .putHeader("content-type", "application/json; charset=utf-8")
            .putHeader("cache-control", "no-store")
            .end(RouteJson.write(new Created(note.noteId(), note.text(), note.createdAt()))))
        .onFailure(ctx::fail);
  }

  /** The trimmed text of the body, or a 400 that says what is wrong. */
  private static String text(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (body == null) {
      throw new ApiException(400, "bad_json", "Stuur een JSON-object, bijvoorbeeld {\"text\":\"Anna belt de woningcorporatie\"}.");
    }
    if (!(body.getValue("text") instanceof String raw)) {
      throw new ApiException(400, "bad_request", "Zet de tekst van de notitie in het veld \"text\".");
    }
    String text = raw.strip();
    int length = text.codePointCount(0, text.length());
    if (length == 0) {
      throw new ApiException(400, "note_empty", "De notitie is leeg. Schrijf er iets in.");
    }
    if (length > MAX_CHARS) {
      throw new ApiException(400, "note_too_long", "Een notitie mag hoogstens " + MAX_CHARS + " tekens hebben; deze heeft er "
          + length + ".");
    }
    return text;
  }

}
