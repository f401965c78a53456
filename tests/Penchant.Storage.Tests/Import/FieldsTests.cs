using Penchant.Storage.Import;

namespace Penchant.Storage.Tests.Import;

public sealed class FieldsTests
{
    [Theory]
    [InlineData("1709294400", 1709294400_000L)]
    [InlineData("1709294400.25", 1709294400_250L)]
    [InlineData("2024-03-01T12:00:00Z", 1709294400_000L)]
    [InlineData("2024-03-01T12:00:00", 1709294400_000L)]
    [InlineData("2024-03-01T20:00:00+08:00", 1709294400_000L)]
    [InlineData("2024-03-01", 1709251200_000L)]
    public void Timestamps_are_unix_seconds_or_iso_8601_with_utc_as_default(string text, long unixMs)
    {
        Assert.True(Fields.TryTimestamp(text, out var time));
        Assert.Equal(unixMs, time.ToUnixTimeMilliseconds());
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("1e300")]
    public void Bad_timestamps_are_refused(string text) => Assert.False(Fields.TryTimestamp(text, out _));

    [Theory]
    [InlineData("true", true)]
    [InlineData("FALSE", false)]
    [InlineData("1", true)]
    [InlineData("no", false)]
    public void Booleans_take_the_common_spellings(string text, bool expected)
    {
        Assert.True(Fields.TryBool(text, out var value));
        Assert.Equal(expected, value);
    }
}
