namespace ExprGrad;

/// <summary>Switches for the compiler's optional stages; correctness never depends on them.</summary>
internal sealed record GradientOptions(bool Simplify = true)
{
    public static readonly GradientOptions Default = new();
}
