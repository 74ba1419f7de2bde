package io.millwright.app.historian;

import io.millwright.app.Launch;
import io.millwright.core.sample.Value;
import io.millwright.core.time.Durations;
import io.millwright.historian.query.TimeRange;
import io.millwright.historian.store.Bucket;
import io.millwright.historian.store.SampleStore;
import io.millwright.historian.store.StoredSample;
import io.millwright.historian.store.TagFilter;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * History queries over the historian's store: latest values, raw ranges with paging, and aggregates
 * per time bucket. Times are ISO-8601 or relative ({@code -24h}); mistakes are 400s saying which
 * parameter and why.
 */
@Path("/api/v1/history")
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

  static final int MAX_LIMIT = 100_000;
  static final int MAX_BUCKETS = 10_000;

  /** One sample as the API shows it. */
  public record Sample(String tag, Instant timestamp, Object value, String quality) {}

  /** A page of raw samples; {@code next} is the {@code from} of the following page, if any. */
  public record Page(String tag, List<Sample> samples, Instant next) {}

  /** One bucket of an aggregate. */
  public record Aggregate(
      Instant start, long count, double min, double max, double avg, double first, double last) {}

  @GET
  @Path("/latest")
  @Operation(summary = "The latest sample of every tag matching a filter (MQTT-style, default #)")
  public List<Sample> latest(@QueryParam("tags") String tags, @QueryParam("limit") Integer limit) {
    TagFilter filter = filter(tags == null ? "#" : tags);
    return store().latest(filter.toString(), limit(limit, 1_000)).stream()
        .map(HistoryResource::toApi)
        .toList();
  }

  @GET
  @Path("/tags")
  @Operation(summary = "The tag paths the historian has, matching a filter (default #)")
  public List<String> tags(
      @QueryParam("filter") String filter, @QueryParam("limit") Integer limit) {
    return store().tags(filter(filter == null ? "#" : filter).toString(), limit(limit, 10_000));
  }

  @GET
  @Operation(
      summary = "Raw samples of one tag, oldest first, in pages",
      description = "from/to: ISO-8601, now, or relative (-24h); default the last hour.")
  public Page raw(
      @QueryParam("tag") String tag,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("limit") Integer limit) {
    String path = requireTag(tag);
    TimeRange range = range(from, to, Duration.ofHours(1));
    int max = limit(limit, 1_000);
    List<StoredSample> samples = store().raw(path, range.from(), range.to(), max);
    Instant next =
        samples.size() == max ? Instant.ofEpochMilli(samples.getLast().timestamp() + 1) : null;
    return new Page(path, samples.stream().map(HistoryResource::toApi).toList(), next);
  }

  @GET
  @Path("/aggregate")
  @Operation(
      summary = "Count, min, max, avg, first and last of one numeric tag per time bucket",
      description =
          "bucket: a width (1m, 15m, 1h); or points: how many buckets the range is cut into"
              + " (default 1000). Good samples only; empty buckets are left out.")
  public List<Aggregate> aggregate(
      @QueryParam("tag") String tag,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("bucket") String bucket,
      @QueryParam("points") Integer points) {
    String path = requireTag(tag);
    TimeRange range = range(from, to, Duration.ofDays(1));
    long width;
    if (bucket != null) {
      try {
        width = Durations.parse(bucket).toMillis();
      } catch (IllegalArgumentException e) {
        throw new BadRequestException("bucket: " + e.getMessage());
      }
    } else {
      int n = points == null ? 1_000 : points;
      if (n < 1 || n > MAX_BUCKETS) {
        throw new BadRequestException("points must be 1 to " + MAX_BUCKETS + ", not " + n);
      }
      width = Math.max(1, (range.to() - range.from() + n - 1) / n);
    }
    if (width < 1 || range.span().toMillis() / width > MAX_BUCKETS) {
      throw new BadRequestException(
          "that is more than "
              + MAX_BUCKETS
              + " buckets; choose a wider bucket or a shorter range");
    }
    return store().aggregate(path, range.from(), range.to(), width).stream()
        .map(HistoryResource::toApi)
        .toList();
  }

  private static SampleStore store() {
    return Launch.current()
        .manager()
        .service(HistorianRole.STORE)
        .orElseThrow(() -> new NotFoundException("this process does not run the historian role"));
  }

  private static String requireTag(String tag) {
    if (tag == null || tag.isBlank()) {
      throw new BadRequestException(
          "tag is missing: give a tag path, e.g. tag=acme/plant-1/pressing/line-1/press-01/state");
    }
    if (tag.contains("+") || tag.contains("#") || !store().tags(tag, 1).equals(List.of(tag))) {
      throw new BadRequestException(
          "unknown tag \"" + tag + "\"; GET /api/v1/history/tags lists them");
    }
    return tag;
  }

  private static TagFilter filter(String text) {
    try {
      return TagFilter.parse(text);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("tag filter: " + e.getMessage());
    }
  }

  private static TimeRange range(String from, String to, Duration defaultSpan) {
    try {
      return TimeRange.parse(from, to, defaultSpan, Instant.now());
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e.getMessage());
    }
  }

  private static int limit(Integer limit, int byDefault) {
    int n = limit == null ? byDefault : limit;
    if (n < 1 || n > MAX_LIMIT) {
      throw new BadRequestException("limit must be 1 to " + MAX_LIMIT + ", not " + n);
    }
    return n;
  }

  private static Sample toApi(StoredSample s) {
    Object value =
        switch (s.value()) {
          case Value.Bool b -> b.value();
          case Value.Int64 i -> i.value();
          case Value.Float64 f ->
              Double.isFinite(f.value()) ? f.value() : String.valueOf(f.value());
          case Value.Text t -> t.value();
        };
    return new Sample(s.tag(), Instant.ofEpochMilli(s.timestamp()), value, s.quality().toString());
  }

  private static Aggregate toApi(Bucket b) {
    return new Aggregate(
        Instant.ofEpochMilli(b.start()), b.count(), b.min(), b.max(), b.avg(), b.first(), b.last());
  }
}
