using Penchant.Core.Text;

namespace Penchant.Core.Tests.Text;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("ＡＢＣ１２３", "abc123")]
    [InlineData("好！真的很好，", "好!真的很好,")]
    [InlineData("ﬁne ﬂat", "fine flat")]
    [InlineData("Don’t", "don't")]
    [InlineData("a\u3000b\u00A0c", "a b c")]
    [InlineData("", "")]
    public void Folds_compatibility_forms_and_lower_cases(string input, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(input));

    [Fact]
    public void Lexer_keeps_numbers_contractions_and_han_runs_apart()
    {
        var tokens = TextLexer.Lex("It's 4.5 stars, 质量很好!");
        Assert.Equal(
            [("it's", TokenKind.Word), ("4.5", TokenKind.Number), ("stars", TokenKind.Word), (",", TokenKind.Punctuation),
             ("质量很好", TokenKind.Han), ("!", TokenKind.Punctuation)],
            tokens.Select(t => (t.Text, t.Kind)));
    }
}
