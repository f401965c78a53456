using Penchant.Core.Privacy;

namespace Penchant.Core.Tests.Privacy;

public sealed class ErasureReceiptTests
{
    private static readonly Pseudonymizer P = new([.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))]);
    private static readonly DateTimeOffset T = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_receipt_names_the_user_by_pseudonym_and_reports_counts()
    {
        var receipt = new ErasureReceipt(P.Pseudonymize("alice"), T, T.AddSeconds(2), 42, true, true, 3, 2, T.AddHours(1));
        Assert.True(receipt.RemovedAnything);
        var details = receipt.ToAuditDetails();
        Assert.Equal("42", details["events_removed"]);
        Assert.Equal("true", details["profile_removed"]);
        Assert.Equal("2026-11-22T09:00:00.0000000Z", details["retrain_scheduled_at"]);
        Assert.DoesNotContain(details.Values, v => v.Contains("alice", StringComparison.Ordinal));
    }

    [Fact]
    public void A_receipt_for_an_unknown_user_removed_nothing() =>
        Assert.False(new ErasureReceipt(P.Pseudonymize("nobody"), T, T, 0, false, false, 0, 0, null).RemovedAnything);

    [Fact]
    public void A_raw_id_is_refused() =>
        Assert.Throws<ArgumentException>(() => new ErasureReceipt("alice@example.com", T, T, 1, true, false, 0, 0, null));
}
