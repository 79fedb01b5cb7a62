/// DiffSharp's derivative operations over quotations: each against a closed form derived in its comment or
/// against central differences (of the function, or of its exact gradient for second derivatives).
module ExprGrad.FSharp.Tests.DerivativeApiTests

open System
open Xunit
open FsCheck.Xunit
open ExprGrad
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

let private dot (a: float[]) (b: float[]) = Array.fold2 (fun s x y -> s + x * y) 0.0 a b
let private times (m: float[,]) (v: float[]) = rows m |> Array.map (dot v)
let private transposeTimes (m: float[,]) (v: float[]) = Array.init (Array2D.length2 m) (fun j -> dot m[*, j] v)

[<Fact>]
let ``diff, diff2 and diffn of sin (sqrt x)`` () =
    let x = 2.0
    let u = sqrt x
    // u = √x, du/dx = 1/(2u): f′ = cos u/(2u); f″ = −sin u/(4x) − cos u/(4x^{3/2}).
    Assert.True(close (cos u / (2.0 * u)) (diff <@ fun x -> sin (sqrt x) @> x))
    Assert.True(close (-sin u / (4.0 * x) - cos u / (4.0 * x * u)) (diff2 <@ fun x -> sin (sqrt x) @> x))
    // (e^{2x})⁽ⁿ⁾ = 2ⁿ e^{2x}.
    for n in 0 .. 4 do
        Assert.True(close (pown 2.0 n * exp (2.0 * x)) (diffn n <@ fun x -> exp (2.0 * x) @> x), $"order {n}")

[<Property(MaxTest = 100, Replay = "(20261128,1)", Arbitrary = [| typeof<Generators> |])>]
let ``diff matches central differences and diff2 the differences of diff`` (Unit' u) =
    let x = 2.0 * u
    let f x = x * sin x + exp (-x * x)
    let d = diff <@ fun x -> x * sin x + exp (-x * x) @>
    Assert.True(close (derivative f x) (d x), $"f′({x})")
    Assert.True(close (derivative d x) (diff2 <@ fun x -> x * sin x + exp (-x * x) @> x), $"f″({x})")

[<Fact>]
let ``diff of a loop`` () =
    // x^5 by a loop of multiplications: 5x⁴, 20x³.
    let power = <@ fun (x: float) -> let mutable p = 1.0 in (for _ in 1 .. 5 do p <- p * x); p @>
    Assert.Equal(5.0 * 16.0, diff power 2.0)
    Assert.Equal(20.0 * 8.0, diff2 power 2.0)

[<Fact>]
let ``DiffSharp's nested derivative is 4`` () =
    // d/dx (x · d/dy (x·y)|y=3)|x=2 = d/dx (x·x) = 2x = 4.
    Assert.Equal(4.0, diff <@ fun x -> x * diff <@ fun y -> x * y @> 3.0 @> 2.0)

[<Fact>]
let ``a nested derivative holds the outer variable constant (no perturbation confusion)`` () =
    // Siskind & Pearlmutter: d/dx (x · d/dy (x + y)|y=1) = d/dx x = 1; confusing the perturbations gives 2.
    Assert.Equal(1.0, diff <@ fun x -> x * diff <@ fun y -> x + y @> 1.0 @> 5.0)
    // d/dy (x·y) at y = x is x, so the outer function is the identity.
    Assert.Equal(1.0, diff <@ fun x -> diff <@ fun y -> x * y @> x @> 3.0)

[<Property(MaxTest = 100, Replay = "(20261128,7)", Arbitrary = [| typeof<Generators> |])>]
let ``nested diff, diff2, diffn and grad agree with their closed forms`` (Unit' u) =
    let x = 1.5 * u
    // Inner: d/dy sin(x·y) = x·cos(x·y), at y = 3; outer x·x·cos 3x, whose derivative is checked numerically.
    let g = diff <@ fun x -> x * diff <@ fun y -> sin (x * y) @> 3.0 @>
    Assert.True(close (derivative (fun x -> x * x * cos (3.0 * x)) x) (g x), $"diff at {x}")
    // Inner: d²/dy² (x·y³) = 6xy = 12x at y = 2; d/dx (x·12x) = 24x.
    Assert.True(close (24.0 * x) (diff <@ fun x -> x * diff2 <@ fun y -> x * y * y * y @> 2.0 @> x), $"diff2 at {x}")
    // Inner: d³/dy³ (x·y⁴) = 24xy at y = x: 24x², derivative 48x.
    Assert.True(close (48.0 * x) (diff <@ fun x -> diffn 3 <@ fun y -> x * y * y * y * y @> x @> x), $"diffn at {x}")
    // Inside grad over a vector: d/dy (w₁y²) = 2w₁y at y = w₀, so f = 2w₀²w₁ and ∇f = (4w₀w₁, 2w₀²).
    let w = [| x; 0.5 - u |]
    let gw = grad <@ fun (w: float[]) -> w[0] * grad <@ fun y -> w[1] * y * y @> w[0] @> w
    assertClose $"grad at {x}" [| 4.0 * w[0] * w[1]; 2.0 * w[0] * w[0] |] gw

let private inner = <@ fun (y: float) -> y * y * y @>
let private innerWithCollections = <@ fun (y: float) -> [| 1.0; 2.0 |] |> Array.sumBy (fun c -> c * y * y) @>

[<Fact>]
let ``a nested derivative of a captured quotation value`` () =
    // d/dy y³ = 3y² at y = x, times x: 3x³, derivative 9x² = 36 at 2.
    Assert.Equal(36.0, diff <@ fun x -> x * diff inner x @> 2.0)
    // Its body goes through the same lowering: Σ c·y² = 3y², d/dy = 6y at y = x, times x: 6x², derivative 12x = 24.
    Assert.Equal(24.0, diff <@ fun x -> x * diff innerWithCollections x @> 2.0)

/// Σ sin(xᵢ)·xᵢ₊₁ + (Σ xᵢ²)²/4, with loops and mutables.
let private loopQuotation =
    <@ fun (x: float[]) ->
        let mutable s = 0.0
        for i in 0 .. x.Length - 2 do
            s <- s + sin x[i] * x[i + 1]
        let mutable q = 0.0
        for v in x do
            q <- q + v * v
        s + q * q / 4.0 @>

[<Property(MaxTest = 50, Replay = "(20261128,3)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``hessian of a loop is the central difference of its gradient, hessianv, gradv, laplacian and gradhessian agree`` (Vector x) =
    let gradient = grad loopQuotation
    let h = hessian loopQuotation x
    let numeric = Array.init x.Length (fun i -> numericGradient (fun p -> (gradient p)[i]) x)
    Array.iteri (fun i row -> assertClose $"row {i}" row (rows h).[i]) numeric
    let v = Array.init x.Length (fun i -> 0.25 * float (i + 1) - x[i])
    assertClose "hessianv" (times h v) (hessianv loopQuotation x v)
    Assert.True(close (dot (gradient x) v) (gradv loopQuotation x v), "gradv")
    Assert.True(close (Seq.sum (seq { for i in 0 .. x.Length - 1 -> h[i, i] })) (laplacian loopQuotation x), "laplacian")
    let g, h' = gradhessian loopQuotation x
    assertClose "gradhessian's gradient" (gradient x) g
    Assert.Equal<float[]>(Array.concat (rows h), Array.concat (rows h'))

[<Fact>]
let ``hessian over a tuple input runs over its elements in order`` () =
    // f = x²y + sin y: ∂²/∂x² = 2y, ∂²/∂x∂y = 2x, ∂²/∂y² = −sin y.
    let h = hessian <@ fun (x, y) -> x * x * y + sin y @> (1.5, -0.5)
    Assert.Equal<float[]>([| -1.0; 3.0; 3.0; -sin -0.5 |], Array.concat (rows h))

[<Property(MaxTest = 50, Replay = "(20261128,9)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``jacobian, jacobianv and jacobianTv of a vector function match central differences`` (Vector x) =
    let f (x: float[]) = Array.init x.Length (fun i -> sin x[i] * x[(i + 1) % x.Length] + 0.5 * x[i] * x[i])
    let q =
        <@ fun (x: float[]) ->
            let y = Array.zeroCreate x.Length
            for i in 0 .. x.Length - 1 do
                y[i] <- sin x[i] * x[(i + 1) % x.Length] + 0.5 * x[i] * x[i]
            y @>
    let j = jacobian q x
    for i in 0 .. x.Length - 1 do
        assertClose $"row {i}" (numericGradient (fun p -> (f p)[i]) x) (rows j).[i]
    let v = Array.init x.Length (fun i -> 1.0 - 0.3 * float i)
    assertClose "jacobianv" (times j v) (jacobianv q x v)
    assertClose "jacobianTv" (transposeTimes j v) (jacobianTv q x v)

let private listField = jacobian <@ fun (x: float[]) -> [ for i in 0 .. x.Length - 1 -> sin x[i] * x[(i + 1) % x.Length] ] @>
let private sequenceField = jacobian <@ fun (x: float[]) -> Seq.map (fun v -> v * v) x @>

[<Property(MaxTest = 50, Replay = "(20261128,53)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``a float list or sequence returned whole is a Jacobian's output`` (Vector x) =
    let f (x: float[]) = Array.init x.Length (fun i -> sin x[i] * x[(i + 1) % x.Length])
    let j = listField x
    for i in 0 .. x.Length - 1 do
        assertClose $"list row {i}" (numericGradient (fun p -> (f p)[i]) x) (rows j).[i]
    // ∂(xᵢ²)/∂xⱼ = 2xᵢ when i = j.
    Assert.Equal<float[]>(Array.concat (Array.init x.Length (fun i -> Array.init x.Length (fun j -> if i = j then 2.0 * x[i] else 0.0))), Array.concat (rows (sequenceField x)))

[<Fact>]
let ``DiffSharp's Jacobian example: h = (sin x0, cos x1) at (2, 3) along (4, 1)`` () =
    let h = <@ fun (x: float[]) -> [| sin x[0]; cos x[1] |] @>
    let x, v = [| 2.0; 3.0 |], [| 4.0; 1.0 |]
    // J = diag(cos 2, −sin 3): Jv = Jᵀv = (4 cos 2, −sin 3).
    Assert.Equal<float[]>([| cos 2.0; 0.0; 0.0; -sin 3.0 |], Array.concat (rows (jacobian h x)))
    Assert.Equal<float[]>([| 4.0 * cos 2.0; -sin 3.0 |], jacobianv h x v)
    Assert.Equal<float[]>([| 4.0 * cos 2.0; -sin 3.0 |], jacobianTv h x v)

[<Property(MaxTest = 50, Replay = "(20261128,5)", Arbitrary = [| typeof<Generators> |])>]
let ``curl and div of F = (x²y, yz, z sin x)`` (Unit' a) (Unit' b) (Unit' c) =
    let field = <@ fun (p: float[]) -> [| p[0] * p[0] * p[1]; p[1] * p[2]; p[2] * sin p[0] |] @>
    let x, y, z = 2.0 * a, 2.0 * b, 2.0 * c
    // J = [[2xy, x², 0], [0, z, y], [z cos x, 0, sin x]]:
    // curl = (J₂₁ − J₁₂, J₀₂ − J₂₀, J₁₀ − J₀₁) = (−y, −z cos x, −x²); div = 2xy + z + sin x.
    assertClose "curl" [| -y; -z * cos x; -x * x |] (curl field [| x; y; z |])
    Assert.True(close (2.0 * x * y + z + sin x) (div field [| x; y; z |]), "div")

[<Fact>]
let ``curl of a field that is not 3-to-3 and a Jacobian of a string are argument errors`` () =
    let ex = Assert.Throws<ArgumentException>(fun () -> curl <@ fun (p: float[]) -> [| p[0]; p[1] |] @> [| 1.0; 2.0 |] |> ignore)
    Assert.Contains("3×3", ex.Message)
    let ex = Assert.Throws<ArgumentException>(fun () -> div <@ fun (p: float[]) -> [| p[0] |] @> [| 1.0; 2.0 |] |> ignore)
    Assert.Contains("square", ex.Message)
    let ex = Assert.Throws<ArgumentException>(fun () -> jacobian <@ fun (x: float) -> string x @> |> ignore)
    Assert.Contains("System.String", ex.Message)

[<Fact>]
let ``gradcheck passes for a loop and reports the value`` () =
    let report = gradcheck loopQuotation [| 0.3; -0.7; 1.1 |]
    Assert.True(report.Passed, string report)
    // s = sin 0.3·(−0.7) + sin(−0.7)·1.1, q = 0.09 + 0.49 + 1.21 = 1.79.
    Assert.True(close (sin 0.3 * -0.7 + sin -0.7 * 1.1 + 1.79 * 1.79 / 4.0) report.Value)
    Assert.True((gradcheck <@ fun (x, y) -> x * exp y @> (1.5, -0.5)).Passed)

[<Fact>]
let ``a nested diffn whose order is not a literal is named`` () =
    let ex = Assert.ThrowsAny<NotSupportedException>(fun () -> diff <@ fun x -> let n = 2 in diffn n <@ fun y -> x * y @> x @> |> ignore)
    Assert.Contains("order is not a literal", ex.Message)

[<Property(MaxTest = 50, Replay = "(20261128,19)", Arbitrary = [| typeof<Generators> |])>]
let ``a nested gradv is the directional derivative with the outer variable held`` (Unit' u) =
    let a = 2.0 * u
    // Inner: ∇(a·Σwᵢ²)·v = 2a Σ wᵢvᵢ at w = (1, 2), v = (a, 1): 2a(a + 2). Outer: d/da (2a² + 4a) = 4a + 4.
    let g = diff <@ fun a -> gradv <@ fun (w: float[]) -> a * (w[0] * w[0] + w[1] * w[1]) @> [| 1.0; 2.0 |] [| a; 1.0 |] @>
    Assert.True(close (4.0 * a + 4.0) (g a), $"at {a}: {g a}")
