using Penchant.Core.Data;
using Penchant.Core.Privacy;

namespace Penchant.Core.Tests.Privacy;

public sealed class IngestPrivacyTests
{
    private static readonly Pseudonymizer Pseudonyms = new(Enumerable.Range(1, 32).Select(static i => (byte)i).ToArray());

    private static readonly IngestPrivacy Privacy = new(Pseudonyms, new MinimizationOptions(["region"], [EventField.Text]));

    [Fact]
    public void A_user_is_stored_under_its_pseudonym_with_allow_listed_attributes_and_its_consent()
    {
        var tally = new IngestTally();
        var user = Privacy.Prepare(new User("ann", new Dictionary<string, string> { ["region"] = "EU", ["phone"] = "123" }, new ConsentFlags(false, true)), tally);
        Assert.Equal(Pseudonyms.Pseudonymize("ann"), user.Id);
        Assert.Equal(new Dictionary<string, string> { ["region"] = "EU" }, user.Attributes);
        Assert.Equal(new ConsentFlags(false, true), user.Consent);
        Assert.Equal(1, tally.Dropped.Counts["attributes.phone"]);
    }

    [Fact]
    public void An_event_loses_its_raw_id_everywhere_including_an_event_id_that_embeds_it_and_its_text_is_masked()
    {
        var tally = new IngestTally();
        var e = Privacy.Prepare(new Event("penchant:bob:i1:1700000000:review", "bob", "i1", EventType.Review, DateTimeOffset.UnixEpoch, 4, "call me on +86 138 0013 8000", "s1"), tally);
        var pseudonym = Pseudonyms.Pseudonymize("bob");
        Assert.Equal(pseudonym, e.UserId);
        Assert.Equal($"penchant:{pseudonym}:i1:1700000000:review", e.EventId);
        Assert.Equal("call me on [phone]", e.Text);
        Assert.Null(e.Value);
        Assert.Null(e.SessionId);
        Assert.Equal(new Dictionary<string, int> { ["phone"] = 1 }, tally.Masked);
        Assert.Equal(2, tally.Dropped.Total);

        // Deterministic: the same event maps to the same id, so a re-sent event is still a duplicate.
        Assert.Equal(e.EventId, Privacy.Prepare(new Event("penchant:bob:i1:1700000000:review", "bob", "i1", EventType.Review, DateTimeOffset.UnixEpoch), new IngestTally()).EventId);
    }
}
