using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Penchant.Server.Options;
using Penchant.Storage;

namespace Penchant.Server.Services;

/// <summary>
/// The stored placements as this server applies them, read as <see cref="StoreWatcher"/> says: each a named place in
/// the shop (<c>home</c>, <c>product-page</c>) whose list settings fill in what a request naming it
/// (<c>placement=home</c>) leaves unset (<see cref="Apply"/>), so that a merchandiser changes a widget without a
/// front-end release.
/// </summary>
public sealed class PlacementBook(IPlacementStore store, TimeProvider time, IOptions<PenchantServerOptions> options, ILogger<PlacementBook> log)
    : StoreWatcher(options, log)
{
    /// <summary>The settings a placement may hold: the list parameters (and <c>explore</c>, for a shopper's recommendations).</summary>
    public static IReadOnlyList<string> Settings { get; } =
        ["count", "category", "brand", "minPrice", "maxPrice", "inStock", "exclude", "excludePurchased", "newDays", "maxPerBrand", "maxPerCategory", "boost", "campaigns", "explore"];

    private sealed record State(IReadOnlyList<StoredPlacement> All, Dictionary<string, Dictionary<string, string>> ById);

    private State _state = new([], new(StringComparer.Ordinal));

    /// <summary>Every stored placement as last read, by id.</summary>
    public IReadOnlyList<StoredPlacement> All => Volatile.Read(ref _state).All;

    /// <inheritdoc />
    protected override string What => "placements";

    /// <inheritdoc />
    protected override TimeProvider Time => time;

    /// <summary>Reads a placement's stored settings (a query string) into name and value.</summary>
    public static Dictionary<string, string> Parse(string settings) =>
        QueryHelpers.ParseQuery(settings).ToDictionary(static p => p.Key, static p => p.Value.ToString(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The settings stored for placement <paramref name="name"/>, or null when none is stored.</summary>
    public IReadOnlyDictionary<string, string>? SettingsOf(string name) =>
        Volatile.Read(ref _state).ById.GetValueOrDefault(name);

    /// <summary>
    /// The query string of a list request with the settings of the placement it names added where the request leaves
    /// them unset (the request's own values win); unchanged when it names none, or one that is not stored.
    /// </summary>
    public QueryString Apply(QueryString query)
    {
        var state = Volatile.Read(ref _state);
        if (state.ById.Count == 0 || !query.HasValue)
        {
            return query;
        }

        var given = QueryHelpers.ParseQuery(query.Value);
        if (!given.TryGetValue("placement", out var name) || name.Count != 1 || !state.ById.TryGetValue(name.ToString(), out var settings))
        {
            return query;
        }

        var added = settings.Where(s => !given.Keys.Any(k => string.Equals(k, s.Key, StringComparison.OrdinalIgnoreCase)))
            .Select(static s => new KeyValuePair<string, string?>(s.Key, s.Value)).ToList();
        return added.Count == 0 ? query : query.Add(QueryString.Create(added));
    }

    /// <summary>Stores a placement (stamped with the time now) and applies it here at once.</summary>
    public async Task<SaveOutcome> SaveAsync(string id, string? name, string settings, CancellationToken cancellation)
    {
        var outcome = await store.SavePlacementAsync(new StoredPlacement(id, name, settings, time.GetUtcNow()), cancellation);
        await RefreshAsync(cancellation);
        return outcome;
    }

    /// <summary>Deletes a placement and stops applying it here at once; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellation)
    {
        var deleted = await store.DeletePlacementAsync(id, cancellation);
        await RefreshAsync(cancellation);
        return deleted;
    }

    /// <inheritdoc />
    protected override async Task ReadAsync(CancellationToken cancellation)
    {
        var all = await store.ListPlacementsAsync(cancellation);
        Volatile.Write(ref _state, new State(all, all.ToDictionary(static p => p.Id, static p => Parse(p.Settings), StringComparer.Ordinal)));
    }
}

/// <summary>Fills a list or search request's unset parameters from the placement it names (<see cref="PlacementBook.Apply"/>), before the request is bound.</summary>
public sealed class PlacementMiddleware(RequestDelegate next, PlacementBook placements)
{
    /// <summary>The placement a search request is under when it names none.</summary>
    public const string SearchPlacement = "search";

    public Task InvokeAsync(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path.StartsWithSegments("/v1/recommendations", StringComparison.OrdinalIgnoreCase))
        {
            context.Request.QueryString = placements.Apply(context.Request.QueryString);
        }
        else if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path.Equals("/v1/search", StringComparison.OrdinalIgnoreCase))
        {
            // A search is the "search" placement unless it names another, so a stored placement of that name holds the
            // search box's settings and the reports tell search apart. (Not its completions, which take no list settings.)
            var query = context.Request.QueryString;
            if (!Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query.Value).ContainsKey("placement"))
            {
                query = query.Add("placement", SearchPlacement);
            }

            context.Request.QueryString = placements.Apply(query);
        }

        return next(context);
    }
}
