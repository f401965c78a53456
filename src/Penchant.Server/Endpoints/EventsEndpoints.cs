using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Penchant.Core.Data;
using Penchant.Core.Privacy;
using Penchant.Server.Contracts;
using Penchant.Server.Options;
using Penchant.Server.Security;
using Penchant.Server.Services;
using Penchant.Server.Validation;
using Penchant.Storage;

namespace Penchant.Server.Endpoints;

/// <summary>
/// Behaviour events, idempotent by event id. The answer comes after the events are committed to the store, so
/// a 2xx means durable. Concurrent requests, single events and batches, are committed together in one transaction
/// (<see cref="EventGroupCommitter"/>). A batch stores its valid events and reports the invalid ones (400 only when none is valid).
/// </summary>
public static class EventsEndpoints
{
    public static IEndpointRouteBuilder MapEventsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/events").WithTags("Events").RequireAuthorization(ApiRoles.Ingest);
        group.MapPost("/", PostOne).WithSummary("Record one event.");
        group.MapPost("/batch", PostBatch).WithSummary("Record a batch of events.");
        return app;
    }

    private static async Task<Results<Ok<IngestResult>, ValidationProblem>> PostOne(
        EventDto e, EventGroupCommitter committer, IngestPrivacy privacy, ServerMetrics metrics, TimeProvider time, CancellationToken cancellation)
    {
        var errors = new ValidationErrors();
        if (RequestValidator.ToEvent(e, "", time.GetUtcNow(), errors) is not { } valid)
        {
            metrics.RecordIngest(0, 0, 1);
            return EndpointHelpers.Invalid(errors);
        }

        var tally = new IngestTally();
        var stored = await committer.AppendAsync(privacy.Prepare(valid, tally), cancellation) == AppendOutcome.Stored ? 1 : 0;
        metrics.RecordIngest(stored, 1 - stored, 0);
        return TypedResults.Ok(new IngestResult(stored, 1 - stored, 0, null, DroppedOf(tally), MaskedOf(tally)));
    }

    /// <remarks>
    /// Not async: the request's DTOs (every event's raw strings) are needed only until validation, and a parameter of an
    /// async method would keep them alive until the group commit ends. The commit is awaited in <see cref="CommitBatchAsync"/>.
    /// </remarks>
    private static Task<Results<Ok<IngestResult>, ValidationProblem>> PostBatch(
        EventBatchDto batch, EventGroupCommitter committer, IngestPrivacy privacy, ServerMetrics metrics, IOptions<PenchantServerOptions> options, TimeProvider time, CancellationToken cancellation)
    {
        var max = options.Value.MaxBatchSize;
        if (batch.Events is null || batch.Events.Count == 0)
        {
            return Task.FromResult<Results<Ok<IngestResult>, ValidationProblem>>(EndpointHelpers.Invalid("events", "events must hold at least one event"));
        }

        if (batch.Events.Count > max)
        {
            return Task.FromResult<Results<Ok<IngestResult>, ValidationProblem>>(EndpointHelpers.Invalid("events", $"at most {max} events per batch, not {batch.Events.Count}"));
        }

        var now = time.GetUtcNow();
        var errors = new ValidationErrors();
        var tally = new IngestTally();
        var valid = new List<Event>(batch.Events.Count);
        for (var i = 0; i < batch.Events.Count; i++)
        {
            if (RequestValidator.ToEvent(batch.Events[i], $"events[{i}].", now, errors) is { } e)
            {
                valid.Add(privacy.Prepare(e, tally));
            }
        }

        var rejected = batch.Events.Count - valid.Count;
        if (valid.Count == 0)
        {
            metrics.RecordIngest(0, 0, rejected);
            return Task.FromResult<Results<Ok<IngestResult>, ValidationProblem>>(EndpointHelpers.Invalid(errors));
        }

        return CommitBatchAsync(valid, rejected, errors, tally, committer, metrics, cancellation);
    }

    private static async Task<Results<Ok<IngestResult>, ValidationProblem>> CommitBatchAsync(
        List<Event> valid, int rejected, ValidationErrors errors, IngestTally tally, EventGroupCommitter committer, ServerMetrics metrics, CancellationToken cancellation)
    {
        var outcomes = await committer.AppendBatchAsync(valid, cancellation);
        var stored = outcomes.Count(static o => o == AppendOutcome.Stored);
        metrics.RecordIngest(stored, valid.Count - stored, rejected);
        return TypedResults.Ok(new IngestResult(stored, valid.Count - stored, rejected, errors.IsEmpty ? null : errors.ToDictionary(), DroppedOf(tally), MaskedOf(tally)));
    }

    private static IReadOnlyDictionary<string, int>? DroppedOf(IngestTally tally) => tally.Dropped.Total > 0 ? tally.Dropped.Counts : null;

    private static IReadOnlyDictionary<string, int>? MaskedOf(IngestTally tally) => tally.Masked.Count > 0 ? tally.Masked : null;
}
