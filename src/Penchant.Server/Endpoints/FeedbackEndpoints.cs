using Microsoft.AspNetCore.Http.HttpResults;
using Penchant.Core.Privacy;
using Penchant.Server.Contracts;
using Penchant.Server.Security;
using Penchant.Server.Services;

namespace Penchant.Server.Endpoints;

/// <summary>Explicit feedback on recommended items: like, dislike or hide, applied to the shopper's next recommendations.</summary>
public static class FeedbackEndpoints
{
    public static IEndpointRouteBuilder MapFeedbackEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/feedback").WithTags("Feedback").RequireAuthorization(ApiRoles.Ingest);
        group.MapPost("/users/{user}", Post).WithSummary("Record a like, dislike or hide of a recommended item.");
        return app;
    }

    private static Results<NoContent, ValidationProblem, ProblemHttpResult> Post(string user, FeedbackDto feedback, FeedbackService service, ExplorationService exploration, ServingModel serving, IngestPrivacy privacy)
    {
        if (!Enum.TryParse<ShopperReaction>(feedback.Reaction, ignoreCase: true, out var reaction) || !Enum.IsDefined(reaction))
        {
            return EndpointHelpers.Invalid("reaction", "Use like, dislike or hide.");
        }

        var snapshot = serving.Current;
        var index = snapshot.Items.IndexOf(feedback.ItemId ?? "");
        if (snapshot.ItemAt(index) is not { } item)
        {
            return EndpointHelpers.NotFound("Item", feedback.ItemId ?? "");
        }

        // Keyed as RecommendationService.RecommendAsync receives the shopper (where ids are pseudonymised, by the same key).
        var key = privacy.UserKey(user);
        service.Record(key, item, reaction);
        exploration.Record(key, snapshot, item, reaction);
        return TypedResults.NoContent();
    }
}
