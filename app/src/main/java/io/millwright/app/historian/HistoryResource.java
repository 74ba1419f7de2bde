package io.millwright.app.historian;

import io.millwright.app.Launch;
import io.millwright.app.cloud.CloudRole;
import io.millwright.core.sample.Value;
import io.millwright.core.time.Durations;
import io.millwright.historian.query.HistoryQueries;
import io.millwright.historian.query.TimeRange;
import io.millwright.historian.query.TimeWeightedAverage;
import io.millwright.historian.query.ValueDurations;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * History queries over the historian's store: latest values, raw ranges with paging, aggregates per
 * time bucket or downsampled for a chart, time-weighted averages, time per value of a state tag,
 * and CSV export. Times are ISO-8601 or relative ({@code -24h}); mistakes are 400s saying which
 * parameter and why.
 */
@Path("/api/v1/history")
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

  static final int MAX_LIMIT = 100_000;
  static final int MAX_BUCKETS = 10_000;
  static final int MAX_CHART_TAGS = 20;

  /** One sample as the API shows it. */
  public record Sample(String tag, Instant timestamp, Object value, String quality) {}

  /** A page of raw samples; {@code next} is the {@code from} of the following page, if any. */
  public record Page(String tag, List<Sample> samples, Instant next) {}

  /** One bucket of an aggregate. */
  public record Aggregate(
      Instant start, long count, double min, double max, double avg, double first, double last) {}

  /** One point of a downsampled chart: a stored sample's time and value. */
  public record ChartPoint(Instant timestamp, double value) {}

  /**
   * A time-weighted average; {@code average} is null when no Good value held in the range. The four
   * durations add up to the range.
   */
  public record Average(
      String tag,
      Instant from,
      Instant to,
      Double average,
      long goodMillis,
      long uncertainMillis,
      long badMillis,
      long unknownMillis) {}

  /** The time each value held, longest first; with the three not-Good durations, the range. */
  public record TimePerValue(
      String tag,
      Instant from,
      Instant to,
      List<ValueTime> values,
      long uncertainMillis,
      long badMillis,
      long unknownMillis) {}

  /** How long one value held in total and how many times it began. */
  public record ValueTime(Object value, long millis, long occurrences) {}

  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  @GET
  @Path("/latest")
  @Operation(summary = "The latest sample of every tag matching a filter (MQTT-style, default #)")
  public List<Sample> latest(@QueryParam("tags") String tags, @QueryParam("limit") Integer limit) {
    TagFilter filter = filter(tags == null ? "#" : tags);
    return store(filter.toString()).latest(filter.toString(), limit(limit, 1_000)).stream()
        .map(HistoryResource::toApi)
        .toList();
  }

  @GET
  @Path("/tags")
  @Operation(summary = "The tag paths the historian has, matching a filter (default #)")
  public List<String> tags(
      @QueryParam("filter") String filter, @QueryParam("limit") Integer limit) {
    String f = filter(filter == null ? "#" : filter).toString();
    return store(f).tags(f, limit(limit, 10_000));
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
    List<StoredSample> samples = store(path).raw(path, range.from(), range.to(), max);
    Instant next =
        samples.size() == max ? Instant.ofEpochMilli(samples.getLast().timestamp() + 1) : null;
    return new Page(path, samples.stream().map(HistoryResource::toApi).toList(), next);
  }

  @GET
  @Path("/aggregate")
  @Operation(
      summary =
          "One numeric tag downsampled for a chart: count, min, max, avg, first and last per time"
              + " bucket, or the samples that draw the same line (mode=lttb)",
      description =
          "mode=bucket (default): bucket is a width (1m, 15m, 1h), or points how many buckets the"
              + " range is cut into (default 1000); empty buckets are left out. mode=lttb: at most"
              + " points (3 to 10000, default 1000) of the stored samples, chosen by"
              + " Largest-Triangle-Three-Buckets, as timestamp and value. Good samples only.")
  public List<?> aggregate(
      @QueryParam("tag") String tag,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("mode") String mode,
      @QueryParam("bucket") String bucket,
      @QueryParam("points") Integer points) {
    String path = requireTag(tag);
    return aggregateOf(path, range(from, to, Duration.ofDays(1)), mode, bucket, points);
  }

  /** One tag's answer in {@link #aggregates}. */
  public record TagAggregate(String tag, List<?> aggregate) {}

  @GET
  @Path("/aggregates")
  @Operation(
      summary = "Several numeric tags downsampled for one chart, in one request",
      description =
          "What /aggregate answers for each tag (up to "
              + MAX_CHART_TAGS
              + " tag parameters, same range, mode, bucket and points), in the order given: one"
              + " request for a chart of several tags rather than one per tag.")
  public List<TagAggregate> aggregates(
      @QueryParam("tag") List<String> tags,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("mode") String mode,
      @QueryParam("bucket") String bucket,
      @QueryParam("points") Integer points) {
    if (tags == null || tags.isEmpty()) {
      throw new BadRequestException("tag is required, once per tag");
    }
    if (tags.size() > MAX_CHART_TAGS) {
      throw new BadRequestException(
          "at most " + MAX_CHART_TAGS + " tags in one request, not " + tags.size());
    }
    List<String> paths = tags.stream().map(HistoryResource::requireTag).distinct().toList();
    TimeRange range = range(from, to, Duration.ofDays(1));
    return paths.stream()
        .map(path -> new TagAggregate(path, aggregateOf(path, range, mode, bucket, points)))
        .toList();
  }

  private static List<?> aggregateOf(
      String path, TimeRange range, String mode, String bucket, Integer points) {
    if (mode == null || mode.equals("bucket")) {
      return buckets(path, range, bucket, points);
    }
    if (!mode.equals("lttb")) {
      throw new BadRequestException("mode must be bucket or lttb, not \"" + mode + "\"");
    }
    if (bucket != null) {
      throw new BadRequestException("bucket does not apply to mode=lttb; give points instead");
    }
    int n = points == null ? 1_000 : points;
    try {
      return queries(path).downsample(path, range, n).stream()
          .map(p -> new ChartPoint(Instant.ofEpochMilli(p.timestamp()), p.value()))
          .toList();
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e.getMessage());
    }
  }

  @GET
  @Path("/twa")
  @Operation(
      summary = "The time-weighted average of one numeric tag",
      description =
          "Each Good value weighs as long as it held (until the next sample), including the value"
              + " in force at from; time under Uncertain or Bad quality, or before any sample, is"
              + " left out and reported. Default range: the last 24 hours.")
  public Average timeWeightedAverage(
      @QueryParam("tag") String tag, @QueryParam("from") String from, @QueryParam("to") String to) {
    String path = requireTag(tag);
    TimeRange range = range(from, to, Duration.ofDays(1));
    TimeWeightedAverage twa;
    try {
      twa = queries(path).timeWeightedAverage(path, range);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e.getMessage());
    }
    return new Average(
        path,
        Instant.ofEpochMilli(range.from()),
        Instant.ofEpochMilli(range.to()),
        twa.average().isPresent() ? twa.average().getAsDouble() : null,
        twa.goodMillis(),
        twa.uncertainMillis(),
        twa.badMillis(),
        twa.unknownMillis());
  }

  @GET
  @Path("/durations")
  @Operation(
      summary = "How long each value of a state tag held, and how many times it began",
      description =
          "For states, modes and flags (text, integer or boolean tags); the value in force at"
              + " from counts. Default range: the last 24 hours.")
  public TimePerValue durations(
      @QueryParam("tag") String tag, @QueryParam("from") String from, @QueryParam("to") String to) {
    String path = requireTag(tag);
    TimeRange range = range(from, to, Duration.ofDays(1));
    ValueDurations durations;
    try {
      durations = queries(path).durations(path, range);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e.getMessage());
    }
    return new TimePerValue(
        path,
        Instant.ofEpochMilli(range.from()),
        Instant.ofEpochMilli(range.to()),
        durations.values().stream()
            .map(v -> new ValueTime(toApi(v.value()), v.millis(), v.occurrences()))
            .toList(),
        durations.uncertainMillis(),
        durations.badMillis(),
        durations.unknownMillis());
  }

  @GET
  @Path("/export.csv")
  @Produces("text/csv")
  @Operation(
      summary = "Raw samples of tags as CSV: timestamp,tag,value,quality",
      description =
          "tag: a tag path, repeated for several; or tags: a filter (MQTT-style). At most 100"
              + " tags; rows tag by tag, oldest first. Default range: the last hour.")
  public Response export(
      @QueryParam("tag") List<String> tags,
      @QueryParam("tags") String filter,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    TimeRange range = range(from, to, Duration.ofHours(1));
    List<String> paths = exportTags(tags, filter);
    HistoryQueries queries = queries(paths.isEmpty() ? "#" : paths.get(0));
    // Streamed as it is read: a page of samples in memory at a time, however long the export.
    StreamingOutput body =
        output -> {
          Writer out = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
          queries.exportCsv(paths, range, out);
          out.flush();
        };
    String file =
        "history-"
            + FILE_TIME.format(Instant.ofEpochMilli(range.from()))
            + "-"
            + FILE_TIME.format(Instant.ofEpochMilli(range.to()))
            + ".csv";
    return Response.ok(body, "text/csv; charset=utf-8")
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"")
        .build();
  }

  private static List<Aggregate> buckets(
      String path, TimeRange range, String bucket, Integer points) {
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
    return store(path).aggregate(path, range.from(), range.to(), width).stream()
        .map(HistoryResource::toApi)
        .toList();
  }

  /** The tags of an export: the paths given, each known, or those the filter matches. */
  private static List<String> exportTags(List<String> tags, String filter) {
    if (!tags.isEmpty() && filter != null) {
      throw new BadRequestException("give tag (one or more) or tags (a filter), not both");
    }
    if (filter != null) {
      try {
        String f = filter(filter).toString();
        return queries(f).exportTags(f);
      } catch (IllegalArgumentException e) {
        throw new BadRequestException("tags: " + e.getMessage());
      }
    }
    if (tags.isEmpty()) {
      throw new BadRequestException(
          "give tag=<path> (repeat it for several) or tags=<filter>, e.g."
              + " tags=acme/plant-1/machining/cell-1/cnc-01/%23");
    }
    List<String> paths = tags.stream().distinct().toList();
    if (paths.size() > HistoryQueries.MAX_EXPORT_TAGS) {
      throw new BadRequestException(
          "an export takes at most "
              + HistoryQueries.MAX_EXPORT_TAGS
              + " tags, not "
              + paths.size());
    }
    return paths.stream().map(HistoryResource::requireTag).toList();
  }

  private static HistoryQueries queries(String tagOrFilter) {
    return new HistoryQueries(store(tagOrFilter));
  }

  /**
   * The store that holds a tag (or a filter's tags): this site's historian; the cloud's for other
   * sites' tags, or when this process runs only the cloud role. One API for the edge and the cloud.
   */
  private static SampleStore store(String tagOrFilter) {
    Launch launch = Launch.current();
    Optional<SampleStore> historian = launch.manager().service(HistorianRole.STORE);
    Optional<SampleStore> cloud = launch.manager().service(CloudRole.STORE);
    if (cloud.isPresent()) {
      // The cloud's store only for a tag or filter naming another site by name: a wildcard site
      // (#, acme/+/...) stays with this site's own, complete historian.
      String[] levels = tagOrFilter.split("/", 3);
      boolean otherSite =
          levels.length > 1
              && !levels[1].equals("+")
              && !levels[1].equals("#")
              && !levels[1].equals(launch.config().site());
      if (historian.isEmpty() || otherSite) {
        return cloud.get();
      }
    }
    return historian.orElseThrow(
        () -> new NotFoundException("this process runs neither the historian nor the cloud role"));
  }

  private static String requireTag(String tag) {
    if (tag == null || tag.isBlank()) {
      throw new BadRequestException(
          "tag is missing: give a tag path, e.g. tag=acme/plant-1/pressing/line-1/press-01/state");
    }
    if (tag.contains("+") || tag.contains("#") || !store(tag).tags(tag, 1).equals(List.of(tag))) {
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
    return new Sample(
        s.tag(), Instant.ofEpochMilli(s.timestamp()), toApi(s.value()), s.quality().toString());
  }

  private static Object toApi(Value value) {
    return switch (value) {
      case Value.Bool b -> b.value();
      case Value.Int64 i -> i.value();
      case Value.Float64 f -> Double.isFinite(f.value()) ? f.value() : String.valueOf(f.value());
      case Value.Text t -> t.value();
    };
  }

  private static Aggregate toApi(Bucket b) {
    return new Aggregate(
        Instant.ofEpochMilli(b.start()), b.count(), b.min(), b.max(), b.avg(), b.first(), b.last());
  }
}
