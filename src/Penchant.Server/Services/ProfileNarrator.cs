using Microsoft.Extensions.Options;
using Penchant.Core.Profiles;
using Penchant.Server.Contracts;
using Penchant.Server.Embeddings;
using Penchant.Server.Options;

namespace Penchant.Server.Services;

/// <summary>
/// A shopper's profile in a few sentences: written offline by <see cref="ProfileNarrative"/>, or, where a language
/// endpoint is configured and <see cref="LanguageModelOptions.Profiles"/> allows it, worded by the model from the
/// same facts (interests and counts, never the shopper's id). If the model fails or answers nothing usable, the
/// offline text serves and the source says why.
/// </summary>
public sealed class ProfileNarrator(
    BuiltInterestProfileProvider profiles,
    OpenAiChatClient chat,
    IOptions<LanguageModelOptions> language,
    TimeProvider time,
    ILogger<ProfileNarrator> logger)
{
    private const int MaxLength = 600;

    /// <summary>What the model is asked to do with the facts.</summary>
    internal const string Instructions =
        "You describe an online shop's customer to the shop's merchandising team in one or two plain sentences, "
        + "using only the facts given (their interests and how they showed them). Do not guess anything about the "
        + "person beyond the facts (no age, gender, health, family, income or location), and do not invent products.";

    /// <summary>The profile of <paramref name="userKey"/> (the stored pseudonym) with its narrative, from one read of the events.</summary>
    public async Task<InterestProfileDto> ProfileWithNarrativeAsync(string userKey, CancellationToken cancellation)
    {
        var (dto, core) = await profiles.GetProfileAndCoreAsync(userKey, cancellation);
        return dto with { Narrative = await NarrateAsync(core ?? InterestProfile.Empty(userKey), cancellation) };
    }

    /// <summary>The narrative of <paramref name="profile"/>.</summary>
    public async Task<ProfileNarrativeDto> NarrateAsync(InterestProfile profile, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var now = time.GetUtcNow();
        var offline = ProfileNarrative.Describe(profile, now);
        var settings = language.Value;
        var facts = ProfileNarrative.Facts(profile, now);
        if (!settings.Enabled || !settings.Profiles || facts.Count == 0)
        {
            return new ProfileNarrativeDto(offline, "offline");
        }

        try
        {
            var answer = Clean(await chat.CompleteAsync(Instructions, string.Join('\n', facts), 120, cancellation, cache: false));
            return answer is null
                ? new ProfileNarrativeDto(offline, "offline (the language model's answer was empty or too long)")
                : new ProfileNarrativeDto(answer, chat.Description);
        }
        catch (Exception ex) when (ex is EmbeddingServiceException or HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            logger.LogWarning("The language model could not word a profile narrative; the offline one serves: {Reason}", ex.Message);
            return new ProfileNarrativeDto(offline, $"offline (the language model failed: {ex.Message})");
        }
    }

    /// <summary>The answer on one line, without surrounding quotes; null when empty or longer than 600 characters.</summary>
    internal static string? Clean(string answer)
    {
        var text = string.Join(' ', answer.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Trim().Trim('"', '“', '”');
        return text.Length is > 0 and <= MaxLength ? text : null;
    }
}
