using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Penchant.Core.Search;
using Penchant.Core.Text;
using Penchant.Server.Contracts;
using Penchant.Server.Options;
using Penchant.Storage;

namespace Penchant.Server.Services;

/// <summary>
/// The stored search synonyms as this server applies them, read as <see cref="StoreWatcher"/> says: the sets read into
/// <see cref="SearchSynonyms"/> once per tokenizer of the indexes searched (<see cref="For"/>), so that a search for "tee"
/// also finds the items that say "t-shirt" without a retraining run, on every server over the store.
/// </summary>
public sealed partial class SynonymBook(ISynonymStore store, TimeProvider time, IOptions<PenchantServerOptions> options, ILogger<SynonymBook> log)
    : StoreWatcher(options, log)
{
    private sealed record State(IReadOnlyList<StoredSynonymSet> All, ConcurrentDictionary<TokenizerOptions, SearchSynonyms> ByTokenizer);

    private State _state = new([], new());

    /// <summary>Every stored set as last read, by id.</summary>
    public IReadOnlyList<StoredSynonymSet> All => Volatile.Read(ref _state).All;

    /// <inheritdoc />
    protected override string What => "search synonyms";

    /// <inheritdoc />
    protected override TimeProvider Time => time;

    /// <summary>
    /// The synonyms to search <paramref name="index"/> with, read with its tokenizer (once per tokenizer and read of the
    /// store); null when none are stored. A stored set that the tokenizer finds a problem with (one stored under other
    /// rules) is left out, and the log says which and why.
    /// </summary>
    public SearchSynonyms? For(ItemSearchIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var state = Volatile.Read(ref _state);
        if (state.All.Count == 0)
        {
            return null;
        }

        return state.ByTokenizer.GetOrAdd(index.Options.Tokenizer ?? TokenizerOptions.Search, (options, all) =>
        {
            var tokenizer = new TextTokenizer(options);
            var usable = new List<SynonymSet>(all.Count);
            foreach (var set in all)
            {
                if (SynonymSet.Problems([.. set.Words], tokenizer) is { Count: > 0 } problems)
                {
                    LogSetLeftOut(log, set.Id, problems[0].Message);
                }
                else
                {
                    usable.Add(new SynonymSet(set.Words, set.OneWay));
                }
            }

            return SearchSynonyms.Build(usable, options);
        }, state.All);
    }

    /// <summary>Stores a set (stamped with the time now) and applies it here at once.</summary>
    public async Task<SaveOutcome> SaveAsync(string id, IReadOnlyList<string> words, bool oneWay, CancellationToken cancellation)
    {
        var outcome = await store.SaveSynonymSetAsync(new StoredSynonymSet(id, words, oneWay, time.GetUtcNow()), cancellation);
        await RefreshAsync(cancellation);
        return outcome;
    }

    /// <summary>Deletes a set and stops applying it here at once; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellation)
    {
        var deleted = await store.DeleteSynonymSetAsync(id, cancellation);
        await RefreshAsync(cancellation);
        return deleted;
    }

    /// <inheritdoc />
    protected override async Task ReadAsync(CancellationToken cancellation)
    {
        var all = await store.ListSynonymSetsAsync(cancellation);
        Volatile.Write(ref _state, new State(all, new()));
    }

    /// <summary>What a search read through synonyms, for its answer; null when nothing was.</summary>
    public static IReadOnlyList<SearchSynonymDto>? Expanded(SearchResult found)
    {
        ArgumentNullException.ThrowIfNull(found);
        return found.Expanded.Count == 0 ? null : [.. found.Expanded.Select(static e => new SearchSynonymDto(e.Typed, e.Searched))];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stored search synonyms {Id} are left out: {Problem}")]
    private static partial void LogSetLeftOut(ILogger logger, string id, string problem);

    /// <summary>A matched word quoted for a reason: <c>"trail"</c>, or <c>"t-shirt" (for "tee")</c> for an item matched by a synonym.</summary>
    public static string Quote(SearchWordMatch match) =>
        match.For is null ? $"\"{match.Word}\"" : $"\"{match.Word}\" (for \"{match.For}\")";
}
