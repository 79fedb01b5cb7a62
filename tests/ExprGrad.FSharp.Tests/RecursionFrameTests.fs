/// Non-tail (linear) recursion, tree recursion and `let rec … and …` (issue 15): a descent records each call's changing
/// parameters, an ascent applies the expression that waited for each call, deepest first; a path with several calls
/// runs on an explicit stack. The depth is decided when the gradient
/// runs: every property calls one compiled gradient at several depths. Expected values by hand in each comment, or
/// central differences of the same F# function run natively.
module ExprGrad.FSharp.Tests.RecursionFrameTests

open System
open Xunit
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

/// A point in [-1, 1] and a depth in 0 .. 24.
type Deep = Deep of float * int

type DeepGenerators =
    static member Deep() =
        Gen.map2 (fun i d -> Deep(float i / 1e6, d)) (Gen.choose (-1_000_000, 1_000_000)) (Gen.choose (0, 24)) |> Arb.fromGen

[<Fact>]
let ``x times the call below: the power x^n`` () =
    // f n = x·f (n − 1), f 0 = 1: x³ = 8 at 2, derivative 3x² = 12.
    let value, g = valueAndGrad <@ fun x -> let rec f n = if n = 0 then 1.0 else x * f (n - 1) in f 3 @> 2.0
    Assert.Equal(8.0, value)
    Assert.Equal(12.0, g)

[<Fact>]
let ``a float counter, and a recursion reading a mutable it assigns`` () =
    // f 2.0 = x·x·f 0.0 = x³: 8 at 2, derivative 12.
    Assert.Equal((8.0, 12.0), valueAndGrad <@ fun x -> let rec f n = if n <= 0.0 then x else x * f (n - 1.0) in f 2.0 @> 2.0)
    // s ← s³ + s with s = x: 10 at 2, derivative 3x² + 1 = 13.
    Assert.Equal((10.0, 13.0), valueAndGrad <@ fun x -> let mutable s = x in (let rec f n = if n <= 0.0 then s else s * f (n - 1.0) in s <- f 2.0 + s); s @> 2.0)

[<Fact>]
let ``a call inside a branch of an expression: the test goes around it`` () =
    // f n = x·(if n > 1 then f (n − 1) else 2) + 1, f 0 = x (never reached): f 1 = 2x + 1, f 2 = 2x² + x + 1,
    // f 3 = 2x³ + x² + x + 1 = 23 at 2, derivative 6x² + 2x + 1 = 29.
    // Also through && (the second operand is a branch): g n = n = 0 || (x > 0 && g (n − 1)), true for x > 0.
    Assert.Equal((23.0, 29.0), valueAndGrad <@ fun x -> let rec f n = if n = 0 then x else x * (if n > 1 then f (n - 1) else 2.0) + 1.0 in f 3 @> 2.0)
    Assert.Equal(3.0, grad <@ fun x -> let rec g n = n = 0 || (x > 0.0 && g (n - 1)) in if g 4 then 3.0 * x else -x @> 0.5)

[<Fact>]
let ``one compiled gradient serves every depth`` () =
    // f k x = x·f (k − 1) x, f 0 x = x: x^(k+1), derivative (k + 1)·x^k; at x = 2: k = 3 → 32, k = 5 → 192, k = 0 → 1.
    // The depth is an input (its gradient 0: int carries none).
    let g = grad <@ fun (x: float, k: float) -> let rec f n x = if n = 0 then x else x * f (n - 1) x in f (int k) x @>
    Assert.Equal((32.0, 0.0), g (2.0, 3.0))
    Assert.Equal((192.0, 0.0), g (2.0, 5.0))
    Assert.Equal((1.0, 0.0), g (2.0, 0.0))

[<Fact>]
let ``a tuple parameter and a tuple result taken apart above the call`` () =
    // f (n, y) = let (a, b) = f (n − 1, y·x) in (a + y, b·x), f (0, y) = (y, 1): f (3, 1) = (1 + x + x² + x³, x³);
    // the product at 2 is 15·8 = 120, its derivative (1 + 2x + 3x²)·x³ + (1 + x + x² + x³)·3x² = 17·8 + 15·12 = 316.
    let value, g =
        valueAndGrad <@ fun x -> let rec f (n, y) = if n = 0 then (y, 1.0) else let (a, b) = f (n - 1, y * x) in (a + y, b * x) in let (p, q) = f (3, 1.0) in p * q @> 2.0
    Assert.Equal(120.0, value)
    Assert.Equal(316.0, g)

[<Fact>]
let ``a bool parameter and a pending comparison`` () =
    // f n up = if n = 0 then x else (if up then 2x else −x) + f (n − 1) (not up): up, down, up, then x:
    // 2x − x + 2x + x = 4x, derivative 4; the bool result compares the pending sum.
    let value, g = valueAndGrad <@ fun x -> let rec f n up = if n = 0 then x else (if up then 2.0 * x else -x) + f (n - 1) (not up) in f 3 true @> 1.5
    Assert.Equal(6.0, value)
    Assert.Equal(4.0, g)
    // count n = if n = 0 then true else not (count (n − 1)): true for even n; x·1 or x·(−1).
    Assert.Equal(-1.0, grad <@ fun x -> let rec even n = if n = 0 then true else not (even (n - 1)) in if even 3 then x else -x @> 0.3)

[<Fact>]
let ``mutual tail recursion is one loop with a tag`` () =
    // even 3 1 → odd 2 x → even 1 2x → odd 0 2x² = −2x² = −8 at 2, derivative −4x = −8.
    let value, g =
        valueAndGrad <@ fun x ->
                        let rec even n acc = if n = 0 then acc else odd (n - 1) (acc * x)
                        and odd n acc = if n = 0 then -acc else even (n - 1) (acc + x)
                        even 3 1.0 @> 2.0
    Assert.Equal(-8.0, value)
    Assert.Equal(-8.0, g)

[<Fact>]
let ``mutual recursion passing an array on`` () =
    // even and odd take the same parameter types, so xs stays one unchanging parameter: the alternating sum
    // x₀ − x₁ + x₂ − … as a tail recursion, and x₀·(x₁ + x₂·(x₃ + …)) as a linear one (at (1, 2, 3, 4):
    // 1·(2 + 3·4) = 14, gradient (x₁ + x₂x₃, x₀, x₀x₃, x₀x₂) = (14, 1, 4, 3)).
    let alternating =
        grad <@ fun (xs: float[]) ->
                    let rec plus (v: float[]) i acc = if i = v.Length then acc else minus v (i + 1) (acc + v[i])
                    and minus (v: float[]) i acc = if i = v.Length then acc else plus v (i + 1) (acc - v[i])
                    plus xs 0 0.0 @>
    Assert.Equal<float[]>([| 1.0; -1.0; 1.0; -1.0 |], alternating [| 5.0; 6.0; 7.0; 8.0 |])
    let nested =
        valueAndGrad <@ fun (xs: float[]) ->
                         let rec times (v: float[]) i = if i = v.Length then 0.0 else v[i] * plus v (i + 1)
                         and plus (v: float[]) i = if i = v.Length then 0.0 else v[i] + times v (i + 1)
                         times xs 0 @>
    Assert.Equal((14.0, [| 14.0; 1.0; 4.0; 3.0 |]), nested [| 1.0; 2.0; 3.0; 4.0 |])

[<Fact>]
let ``mutual linear recursion`` () =
    // a 3 = x·b 2 = x·sin (a 1) = x·sin (x·b 0) = x·sin x; derivative sin x + x·cos x.
    let value, g =
        valueAndGrad <@ fun x ->
                        let rec a n = if n = 0 then x else x * b (n - 1)
                        and b n = if n = 0 then 1.0 else sin (a (n - 1))
                        a 3 @> 0.5
    Assert.Equal(0.5 * sin 0.5, value, 14)
    Assert.Equal(sin 0.5 + 0.5 * cos 0.5, g, 14)

[<ReflectedDefinition>]
let rec isEvenScaled (x: float) (n: int) = if n = 0 then x else x * isOddScaled x (n - 1)

and [<ReflectedDefinition>] isOddScaled (x: float) (n: int) = if n = 0 then 1.0 else cos (isEvenScaled x (n - 1)) + x

[<ReflectedDefinition>]
let rec downTo (x: float) (n: int) = if n = 0 then x else x * downTo x (n - 1) + 1.0

/// Σ over halves of xᵢ·sin xᵢ, a tree recursion outside the quotation.
[<ReflectedDefinition>]
let rec halvesSum (x: float[]) (lo: int) (hi: int) = if hi - lo = 1 then x[lo] * sin x[lo] else halvesSum x lo ((lo + hi) / 2) + halvesSum x ((lo + hi) / 2) hi

[<Fact>]
let ``[<ReflectedDefinition>] let rec and let rec … and … outside the quotation`` () =
    // downTo x 2 = x·(x·x + 1) + 1 = x³ + x + 1: 11 at 2, derivative 3x² + 1 = 13.
    let value, g = valueAndGrad <@ fun x -> downTo x 2 @> 2.0
    Assert.Equal(11.0, value)
    Assert.Equal(13.0, g)
    // isEvenScaled x 2 = x·isOddScaled x 1 = x·(cos (isEvenScaled x 0) + x) = x·cos x + x²; derivative cos x − x·sin x + 2x.
    let value, g = valueAndGrad <@ fun x -> isEvenScaled x 2 @> 0.7
    Assert.Equal(0.7 * cos 0.7 + 0.49, value, 14)
    Assert.Equal(cos 0.7 - 0.7 * sin 0.7 + 1.4, g, 14)
    // d/dxᵢ (xᵢ·sin xᵢ) = sin xᵢ + xᵢ·cos xᵢ, for each of five elements.
    let x = [| 0.1; -0.4; 0.9; 1.3; -2.0 |]
    assertClose "halvesSum" (x |> Array.map (fun v -> sin v + v * cos v)) (grad <@ fun (x: float[]) -> halvesSum x 0 x.Length @> x)

[<Fact>]
let ``nested derivatives through a recursive function`` () =
    // f 3 = x³: second derivative 6x = 12 at 2 (forward over reverse).
    Assert.Equal(12.0, diff2 <@ fun x -> let rec f n = if n = 0 then 1.0 else x * f (n - 1) in f 3 @> 2.0)
    // Inner: d/dy (x·y)³ at y = 1 is 3x³; outer d/dx (x·3x³) = 12x³ = 96 at 2.
    Assert.Equal(96.0, diff <@ fun x -> x * diff <@ fun y -> let rec f n = if n = 0 then 1.0 else x * y * f (n - 1) in f 3 @> 1.0 @> 2.0)

let private plainSum (x: float[]) =
    let rec f i = if i = x.Length then 0.3 else x[i] * cos (f (i + 1)) + x[i] * x[i]
    f 0

let private sumGradient = grad <@ fun (x: float[]) -> let rec f i = if i = x.Length then 0.3 else x[i] * cos (f (i + 1)) + x[i] * x[i] in f 0 @>

[<Property(MaxTest = 100, Replay = "(20261129,71)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``a linear recursion over an array matches central differences at every length`` (Vector x) =
    assertClose $"f at %A{x}" (numericGradient plainSum x) (sumGradient x)

let private plainPower (x: float) (k: int) =
    let rec f n (y: float) = if n = 0 then (y, 1.0) else let (a, b) = f (n - 1) (sin y + 0.5 * x) in (a * 0.9 + y, b * x + a)
    let (p, q) = f k x
    p - q

let private powerGradient =
    grad <@ fun (x: float, k: float) ->
                let rec f n (y: float) = if n = 0 then (y, 1.0) else let (a, b) = f (n - 1) (sin y + 0.5 * x) in (a * 0.9 + y, b * x + a)
                let (p, q) = f (int k) x
                p - q @>

[<Property(MaxTest = 100, Replay = "(20261129,73)", Arbitrary = [| typeof<DeepGenerators> |])>]
let ``a tuple-valued linear recursion matches central differences at depths 0 to 24`` (Deep(x, depth)) =
    let dx, dk = powerGradient (x, float depth)
    assertClose $"depth {depth} at {x}" [| derivative (fun t -> plainPower t depth) x; 0.0 |] [| dx; dk |]

let private plainMutual (x: float) (k: int) =
    let rec a n y = if n = 0 then y else y * x + b (n - 1) (y * 0.5)
    and b n y = if n = 0 then sin y else tanh (a (n - 1) (y + x)) * x
    a k x

let private mutualGradient =
    grad <@ fun (x: float, k: float) ->
                let rec a n y = if n = 0 then y else y * x + b (n - 1) (y * 0.5)
                and b n y = if n = 0 then sin y else tanh (a (n - 1) (y + x)) * x
                a (int k) x @>

[<Property(MaxTest = 100, Replay = "(20261129,79)", Arbitrary = [| typeof<DeepGenerators> |])>]
let ``mutual linear recursion matches central differences at depths 0 to 24`` (Deep(x, depth)) =
    let dx, _ = mutualGradient (x, float depth)
    assertClose $"depth {depth} at {x}" [| derivative (fun t -> plainMutual t depth) x |] [| dx |]

[<Fact>]
let ``a changing array and members returning different types are named with the fix`` () =
    // A branch decided by a call (`let a = f (n - 1) in if a > 1.0 then f (n - 2) else a`) and an argument from a
    // value bound after a call are RecursionResultTests'.
    rejects "whose parameter 'ys' (a Double[]) changes from call to call" (fun () ->
        box (grad <@ fun (x: float[]) -> let rec f (ys: float[]) = if ys.Length = 0 then 1.0 else ys[0] * f ys[1..] in f x @>))
    rejects "where 'g' returns a Int32" (fun () ->
        box (grad <@ fun x ->
                       let rec f n = if n = 0 then x else float (g (n - 1))
                       and g n = if n = 0 then 1 else int (f (n - 1))
                       f 3 @>))

[<Fact>]
let ``a recursion that never stops compiles, and its gradient throws at the depth limit`` () =
    // n grows away from 0, so the stopping test is never met; F# itself would overflow its stack. The compiler
    // never runs the recursion; the gradient counts the calls and throws once they pass the limit.
    let g = grad <@ fun x -> let rec f n = if n = 0 then x else x * f (n + 1) in f 3 @>
    let ex = Assert.Throws<InvalidOperationException>(fun () -> g 2.0 |> ignore)
    Assert.Contains("'f' went deeper than 1000000 nested calls", ex.Message)
    // The same for a tree recursion, whose stack doubles up to its own, lower limit.
    let g = grad <@ fun x -> let rec f n = if n = 0 then x else f (n + 1) + f (n + 1) in f 3 @>
    let ex = Assert.Throws<InvalidOperationException>(fun () -> g 2.0 |> ignore)
    Assert.Contains("The tree recursion 'f' went deeper than 1024 nested calls", ex.Message)

[<Fact>]
let ``tree recursion: two calls on a path`` () =
    // f n = f (n − 1) + f (n − 1), f 0 = x: 2ⁿ·x, so 8x = 16 at 2 and derivative 8.
    Assert.Equal((16.0, 8.0), valueAndGrad <@ fun x -> let rec f n = if n = 0 then x else f (n - 1) + f (n - 1) in f 3 @> 2.0)
    // A sum over halves: Σ xᵢ², gradient 2x at every length (3 here, 100 below: Σ 2i for i < 100 = 9900).
    let g = grad <@ fun (xs: float[]) -> let rec s lo hi = if hi - lo = 1 then xs[lo] * xs[lo] else let mid = (lo + hi) / 2 in s lo mid + s mid hi in s 0 xs.Length @>
    Assert.Equal<float[]>([| 2.0; 4.0; 6.0 |], g [| 1.0; 2.0; 3.0 |])
    Assert.Equal(9900.0, g (Array.init 100 float) |> Array.sum)

let private plainFib (x: float) (k: int) =
    let rec f n = if n < 2 then x * float (n + 1) else f (n - 1) * 0.5 + sin (f (n - 2)) * x
    f k

let private fibGradient = grad <@ fun (x: float, k: float) -> let rec f n = if n < 2 then x * float (n + 1) else f (n - 1) * 0.5 + sin (f (n - 2)) * x in f (int k) @>

[<Property(MaxTest = 60, Replay = "(20261129,83)", Arbitrary = [| typeof<DeepGenerators> |])>]
let ``a Fibonacci-shaped tree recursion matches central differences at depths 0 to 12`` (Deep(x, depth)) =
    let depth = depth / 2
    let dx, _ = fibGradient (x, float depth)
    assertClose $"depth {depth} at {x}" [| derivative (fun t -> plainFib t depth) x |] [| dx |]

let private plainHalves (x: float[]) =
    let rec s lo hi = if hi - lo = 1 then sin x[lo] * x[lo] else let mid = (lo + hi) / 2 in s lo mid * 0.5 + cos (s mid hi) in s 0 x.Length

let private halvesGradient =
    grad <@ fun (x: float[]) -> let rec s lo hi = if hi - lo = 1 then sin x[lo] * x[lo] else let mid = (lo + hi) / 2 in s lo mid * 0.5 + cos (s mid hi) in s 0 x.Length @>

[<Property(MaxTest = 100, Replay = "(20261129,89)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``a recursion over halves matches central differences at every length`` (Vector x) =
    assertClose $"s at %A{x}" (numericGradient plainHalves x) (halvesGradient x)

let private plainDeepTree (x: float) (k: int) =
    let rec f n = if n <= 0 then x * float (n + 2) else f (n - 1) * 0.9 + sin (f (-1))
    f k

let private deepTreeGradient = grad <@ fun (x: float, k: float) -> let rec f n = if n <= 0 then x * float (n + 2) else f (n - 1) * 0.9 + sin (f (-1)) in f (int k) @>

[<Fact>]
let ``a tree recursion deeper than its first stack runs again with more room`` () =
    // f n = 0.9·f (n − 1) + sin (f (−1)), f 0 = 2x, f (−1) = x: depth n, past the first stack of 16 frames at 40 and
    // past 64 at 100. By hand: f n = 0.9ⁿ·2x + (1 − 0.9ⁿ)/0.1·sin x, f' = 0.9ⁿ·2 + 10(1 − 0.9ⁿ)·cos x.
    for depth in [ 3; 40; 100 ] do
        let x = 0.35
        let dx, _ = deepTreeGradient (x, float depth)
        let byHand = 0.9 ** float depth * 2.0 + 10.0 * (1.0 - 0.9 ** float depth) * cos x
        assertClose $"depth {depth}" [| byHand; derivative (fun t -> plainDeepTree t depth) x |] [| dx; dx |]

[<Fact>]
let ``Hessians, Jacobians, gradcheck and nested derivatives through linear and tree recursion`` () =
    // p(w) = Π wᵢ: ∂²p/∂wᵢ∂wⱼ = p/(wᵢ·wⱼ) for i ≠ j, 0 on the diagonal. At (1, 2, 3, 4), p = 24.
    let expected = array2D [ [ 0.0; 12.0; 8.0; 6.0 ]; [ 12.0; 0.0; 4.0; 3.0 ]; [ 8.0; 4.0; 0.0; 2.0 ]; [ 6.0; 3.0; 2.0; 0.0 ] ]
    let linear = hessian <@ fun (w: float[]) -> let rec f i = if i = w.Length then 1.0 else w[i] * f (i + 1) in f 0 @>
    let tree = hessian <@ fun (w: float[]) -> let rec s lo hi = if hi - lo = 1 then w[lo] else let mid = (lo + hi) / 2 in s lo mid * s mid hi in s 0 w.Length @>
    Assert.Equal<float[]>(rows expected, rows (linear [| 1.0; 2.0; 3.0; 4.0 |]))
    Assert.Equal<float[]>(rows expected, rows (tree [| 1.0; 2.0; 3.0; 4.0 |]))
    // A Jacobian of two recursive outputs: Π wᵢ = 6 and w₁·w₂ = 6 at (1, 2, 3), rows (6, 3, 2) and (0, 3, 2).
    let jac = jacobian <@ fun (w: float[]) -> let rec f i = if i = w.Length then 1.0 else w[i] * f (i + 1) in [| f 0; f 1 |] @> [| 1.0; 2.0; 3.0 |]
    Assert.Equal<float[]>([| [| 6.0; 3.0; 2.0 |]; [| 0.0; 3.0; 2.0 |] |], rows jac)
    // gradcheck runs every entry point against central differences.
    Assert.True((gradcheck <@ fun (w: float[]) -> let rec f i = if i = w.Length then 1.0 else w[i] * sin (f (i + 1)) in f 0 @> [| 0.3; 0.7; 1.1 |]).Passed)
    Assert.True((gradcheck <@ fun (w: float[]) -> let rec s lo hi = if hi - lo = 1 then w[lo] * w[lo] else let mid = (lo + hi) / 2 in s lo mid * s mid hi in s 0 w.Length @> [| 0.3; 0.7; 1.1 |]).Passed)
    // Inner f 2 = 4·x·y, so d/dy = 4x; outer d/dx (x·4x) = 8x = 16 at 2.
    Assert.Equal(16.0, diff <@ fun x -> x * diff <@ fun y -> let rec f n = if n = 0 then x * y else f (n - 1) + f (n - 1) in f 2 @> 1.0 @> 2.0)

let private plainNested (x: float) (k: int) =
    let rec g n y = if n = 0 then y else g (n - 1) (g (n - 1) y * 0.5 + sin x)
    g k 1.0

let private nestedGradient =
    grad <@ fun (x: float, k: float) -> let rec g n y = if n = 0 then y else g (n - 1) (g (n - 1) y * 0.5 + sin x) in g (int k) 1.0 @>

[<Fact>]
let ``a call whose argument is another call's result`` () =
    // g n y = g (n − 1) (0.5·g (n − 1) y + x), g 0 y = y: g 1 y = 0.5y + x, g 2 y = g 1 (0.5·(0.5y + x) + x)
    // = 0.125y + 1.75x: 3.625 at y = 1, x = 2, derivative 1.75. Also through a let naming the result.
    Assert.Equal((3.625, 1.75), valueAndGrad <@ fun x -> let rec g n y = if n = 0 then y else g (n - 1) (g (n - 1) y * 0.5 + x) in g 2 1.0 @> 2.0)
    Assert.Equal((3.625, 1.75), valueAndGrad <@ fun x -> let rec g n y = if n = 0 then y else let r = g (n - 1) y in g (n - 1) (r * 0.5 + x) in g 2 1.0 @> 2.0)

[<Property(MaxTest = 60, Replay = "(20261129,97)", Arbitrary = [| typeof<DeepGenerators> |])>]
let ``a nested call matches central differences at depths 0 to 8`` (Deep(x, depth)) =
    let depth = depth / 3
    let dx, _ = nestedGradient (x, float depth)
    assertClose $"depth {depth} at {x}" [| derivative (fun t -> plainNested t depth) x |] [| dx |]
