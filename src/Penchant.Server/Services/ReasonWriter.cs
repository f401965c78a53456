using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Penchant.Core.Profiles;
using Penchant.Server.Contracts;
using Penchant.Server.Embeddings;
using Penchant.Server.Options;

namespace Penchant.Server.Services;

/// <summary>
/// Recommendation reasons worded by a language model, on request (<c>reasons=language</c>) and where
/// <see cref="LanguageModelOptions.Reasons"/> allows it: the model gets the shopper's interests as facts (as for
/// profile narratives, never an id) and, per item, its title, category, brand and the engine's own reason, and
/// answers one sentence per item. An item the answer misses keeps the engine's reason; if the model fails, every item
/// does, and <see cref="RecommendationsResponse.ReasonSource"/> says why. Prompts and answers are never cached.
/// </summary>
public sealed partial class ReasonWriter(
    BuiltInterestProfileProvider profiles,
    OpenAiChatClient chat,
    IOptions<LanguageModelOptions> language,
    TimeProvider time,
    ILogger<ReasonWriter> logger)
{
    /// <summary>At most this many items of a response get worded reasons; the rest keep the engine's.</summary>
    public const int MaxItems = 20;

    private const int MaxReasonLength = 200;

    /// <summary>What the model is asked to do.</summary>
    internal const string Instructions =
        "You tell an online shop's customer, for each numbered product recommended to them, why it is shown: one short "
        + "sentence of at most 20 words addressed to them as 'you', in the language of the product titles. Use only the "
        + "facts given (their interests and the engine's reason); do not invent product features, prices or anything "
        + "about the person. Answer with one line per product: its number, a colon, the sentence.";

    /// <summary><paramref name="response"/> with its reasons worded by the model where allowed, and the source said.</summary>
    /// <param name="userKey">The shopper as stored (pseudonym).</param>
    /// <param name="response">The recommendations with the engine's reasons.</param>
    /// <param name="cancellation">Cancels the model request.</param>
    public async Task<RecommendationsResponse> WordAsync(string userKey, RecommendationsResponse response, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(response);
        var settings = language.Value;
        if (!settings.Enabled)
        {
            return response with { ReasonSource = "offline (no language endpoint is configured: Penchant:Language:Endpoint)" };
        }

        if (!settings.Reasons)
        {
            return response with { ReasonSource = "offline (Penchant:Language:Reasons is off)" };
        }

        if (response.Items.Count == 0)
        {
            return response with { ReasonSource = "offline (no items)" };
        }

        var (_, profile) = await profiles.GetProfileAndCoreAsync(userKey, cancellation);
        if (profile is null)
        {
            return response with { ReasonSource = "offline (the shopper's consent does not allow profiling)" };
        }

        var items = response.Items.Take(MaxItems).ToList();
        try
        {
            var answer = await chat.CompleteAsync(Instructions, Prompt(ProfileNarrative.Facts(profile, time.GetUtcNow()), items), 16 + (48 * items.Count), cancellation, cache: false);
            var reasons = Parse(answer, items.Count);
            var worded = reasons.Count(static r => r is not null);
            var source = worded == items.Count && items.Count == response.Items.Count
                ? chat.Description
                : $"{chat.Description} ({worded} of {response.Items.Count} reasons; the engine's own for the rest)";
            return response with
            {
                Items = [.. response.Items.Select((item, i) => i < reasons.Length && reasons[i] is { } reason ? item with { Reason = reason } : item)],
                ReasonSource = worded == 0 ? $"offline (the language model's answer held no usable reason)" : source,
            };
        }
        catch (Exception ex) when (ex is EmbeddingServiceException or HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            LogFailed(logger, ex.Message);
            return response with { ReasonSource = $"offline (the language model failed: {ex.Message})" };
        }
    }

    /// <summary>The prompt: the shopper's facts, then the numbered items with the engine's reasons.</summary>
    internal static string Prompt(IReadOnlyList<string> facts, IReadOnlyList<RecommendedItem> items)
    {
        var prompt = new StringBuilder("The customer's interests:\n");
        foreach (var fact in facts.DefaultIfEmpty("none known yet"))
        {
            prompt.Append("- ").Append(fact).Append('\n');
        }

        prompt.Append("Recommended products:\n");
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var about = string.Join("; ", new[] { item.Category, item.Brand }.Where(static s => !string.IsNullOrWhiteSpace(s)));
            prompt.Append(CultureInfo.InvariantCulture, $"{i + 1}. {item.Title}")
                .Append(about.Length > 0 ? $" ({about})" : "")
                .Append(CultureInfo.InvariantCulture, $" — the engine's reason: {item.Reason}\n");
        }

        return prompt.ToString();
    }

    /// <summary>
    /// Each item's sentence from the answer's "N: sentence" lines (also "N." or "N)"), by number from 1; null where the
    /// answer has none, or an empty or overlong one. The first line for a number counts.
    /// </summary>
    internal static string?[] Parse(string answer, int count)
    {
        var reasons = new string?[count];
        foreach (var line in answer.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = NumberedLine().Match(line);
            if (!match.Success || !int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || number < 1 || number > count || reasons[number - 1] is not null)
            {
                continue;
            }

            var text = match.Groups[2].Value.Trim().Trim('"', '“', '”', '*').Trim();
            if (text.Length is > 0 and <= MaxReasonLength)
            {
                reasons[number - 1] = text;
            }
        }

        return reasons;
    }

    [GeneratedRegex(@"^\**\s*(\d{1,3})\s*[:.)]\**\s*(.*)$")]
    private static partial Regex NumberedLine();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The language model could not word recommendation reasons; the engine's serve: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
