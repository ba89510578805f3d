package nl.buurtroute.loadgen;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The generator's few HTTP calls (content, creating sessions, stats), from its coordinating thread. */
final class Http {
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final LoadOptions options;

  Http(LoadOptions options) {
    this.options = options;
  }

  JsonObject get(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(options.url() + path))
        .timeout(Duration.ofSeconds(60)).GET();
    if (options.adminToken() != null) {
      request.header("Authorization", "Bearer " + options.adminToken());
    }
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + path + " gaf " + response.statusCode() + ": " + response.body());
      }
      return new JsonObject(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  JsonObject stats(boolean gc) {
    return get("/api/stats" + (gc ? "?gc=true" : ""));
  }

  /** Creates this many sessions, a few requests at a time; returns the 201 bodies in order. */
  List<JsonObject> createSessions(int count, String prefix) {
    List<JsonObject> created = new ArrayList<>();
    int batch = 16;
    for (int from = 0; from < count; from += batch) {
      List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + batch); i++) {
        JsonObject body = new JsonObject().put("title", prefix + " " + (i + 1));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(options.url() + "/api/sessions"))
            .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
        if (options.createCode() != null) {
          request.header("X-Create-Code", options.createCode());
        }
        inFlight.add(client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> f : inFlight) {
        HttpResponse<String> response = f.join();
        if (response.statusCode() != 201) {
          throw new IllegalStateException("sessie maken gaf " + response.statusCode() + ": " + response.body()
              + " (te veel sessies vanaf dit adres? zet BUURTROUTE_CREATE_BURST hoger op de server)");
        }
        created.add(new JsonObject(response.body()));
      }
    }
    return created;
  }
}
