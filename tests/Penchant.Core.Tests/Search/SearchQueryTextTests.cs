using Penchant.Core.Search;

namespace Penchant.Core.Tests.Search;

public sealed class SearchQueryTextTests
{
    [Theory]
    [InlineData("trail shoes", "trail shoes")]
    [InlineData("  Trail   SHOES!! ", "trail shoes")]
    [InlineData("\"trail\" , shoes?", "trail shoes")]
    [InlineData("T-Shirt size 4.5", "t-shirt size 4.5")]
    [InlineData("男子 跑鞋。", "男子 跑鞋")]
    [InlineData("Ärmel\tÜBER", "ärmel über")]
    [InlineData("ＴＲＡＩＬ\u3000ｓｈｏｅｓ！", "trail shoes")]
    public void Searches_that_differ_only_in_case_spacing_and_outer_punctuation_are_one(string typed, string expected) =>
        Assert.Equal(expected, SearchQueryText.Normalize(typed));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?! -- ...")]
    public void A_search_with_no_letter_or_digit_is_none(string? typed) => Assert.Null(SearchQueryText.Normalize(typed));

    [Fact]
    public void A_long_search_is_cut_at_a_word_boundary_and_one_long_word_at_the_limit()
    {
        var words = string.Join(' ', Enumerable.Repeat("abcdefghi", 30)); // 299 characters
        var cut = SearchQueryText.Normalize(words)!;
        Assert.True(cut.Length <= SearchQueryText.MaxLength);
        Assert.Equal(199, cut.Length); // twenty whole words of nine letters and the nineteen spaces between them
        Assert.EndsWith("abcdefghi", cut, StringComparison.Ordinal);

        var one = SearchQueryText.Normalize(new string('x', 500))!;
        Assert.Equal(SearchQueryText.MaxLength, one.Length);
    }
}
