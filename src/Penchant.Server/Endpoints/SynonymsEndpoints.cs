using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Penchant.Core.Merchandising;
using Penchant.Core.Privacy.Audit;
using Penchant.Core.Search;
using Penchant.Core.Text;
using Penchant.Server.Contracts;
using Penchant.Server.Security;
using Penchant.Server.Services;
using Penchant.Server.Validation;
using Penchant.Storage;

namespace Penchant.Server.Endpoints;

/// <summary>
/// Search synonyms (admin role): sets of words or phrases that catalogue search reads as one another ("tee" and
/// "t-shirt"), or, one-way, the first as also the others ("laptop" finds "notebook"), on every server over the store.
/// </summary>
public static class SynonymsEndpoints
{
    // Entries are checked as catalogue search reads them ("down" is a word there, though a stop word elsewhere).
    private static readonly TextTokenizer Tokenizer = new(TokenizerOptions.Search);

    public static IEndpointRouteBuilder MapSynonymsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/admin/synonyms").WithTags("Synonyms").RequireAuthorization(ApiRoles.Admin);
        group.MapGet("", List).WithSummary("Every stored synonym set.");
        group.MapGet("/{id}", Get).WithSummary("One synonym set.");
        group.MapPut("/{id}", Put).WithSummary("Create or replace a synonym set: words or phrases that search reads as one another (oneWay: the first also as the others).");
        group.MapDelete("/{id}", Delete).WithSummary("Delete a synonym set; search reads its words as themselves again.");
        return app;
    }

    private static Ok<SynonymsResponse> List(SynonymBook book) =>
        TypedResults.Ok(new SynonymsResponse([.. book.All.Select(ToDto)], StoredSynonymSet.MaxSets));

    private static Results<Ok<SynonymSetDto>, ProblemHttpResult> Get(string id, SynonymBook book) =>
        book.All.FirstOrDefault(s => s.Id == id) is { } set ? TypedResults.Ok(ToDto(set)) : EndpointHelpers.NotFound("Synonym set", id);

    private static async Task<Results<Created<SynonymSetDto>, Ok<SynonymSetDto>, ValidationProblem, ProblemHttpResult>> Put(
        string id,
        SynonymSetRequest? request,
        SynonymBook book,
        IPrivacyStore audit,
        ClaimsPrincipal user,
        TimeProvider clock,
        CancellationToken cancellation)
    {
        if (request is null)
        {
            return EndpointHelpers.Invalid("body", "the body must be a synonym set: {\"words\": [\"tee\", \"t-shirt\"], \"oneWay\": false}");
        }

        var errors = new ValidationErrors();
        if (MerchandisingName.Problem("id", id) is { } badId)
        {
            errors.Add("id", badId);
        }

        foreach (var (field, message) in SynonymSet.Problems(request.Words, Tokenizer))
        {
            errors.Add(field, message);
        }

        if (!errors.IsEmpty)
        {
            return EndpointHelpers.Invalid(errors);
        }

        // Stored as written, but with the spaces around and between words tidied.
        string[] words = [.. request.Words!.Select(static w => string.Join(' ', w!.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))];
        var oneWay = request.OneWay ?? false;
        var outcome = await book.SaveAsync(id, words, oneWay, cancellation);
        if (outcome == SaveOutcome.Full)
        {
            return EndpointHelpers.Full("synonym sets", StoredSynonymSet.MaxSets, id);
        }

        await audit.AppendAsync(
            new AuditEntry(PrivacyEndpoints.ActorOf(user), "synonyms.save", id, clock.GetUtcNow(), new Dictionary<string, string>
            {
                ["outcome"] = outcome == SaveOutcome.Created ? "created" : "replaced",
                ["words"] = JsonSerializer.Serialize(words),
                ["oneWay"] = oneWay.ToString(CultureInfo.InvariantCulture).ToLowerInvariant(),
            }),
            cancellation);

        var dto = book.All.FirstOrDefault(s => s.Id == id) is { } stored ? ToDto(stored) : new SynonymSetDto(id, words, oneWay, clock.GetUtcNow());
        return outcome == SaveOutcome.Created ? TypedResults.Created($"/v1/admin/synonyms/{id}", dto) : TypedResults.Ok(dto);
    }

    private static Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, SynonymBook book, IPrivacyStore audit, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellation) =>
        EndpointHelpers.DeleteAuditedAsync(() => book.DeleteAsync(id, cancellation), "Synonym set", id, "synonyms.delete", audit, user, clock, cancellation);

    private static SynonymSetDto ToDto(StoredSynonymSet set) => new(set.Id, set.Words, set.OneWay, set.UpdatedAt);
}
