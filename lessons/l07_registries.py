"""Lesson 7: registries -- login, push, pull, logout; save/load; export/import."""

from __future__ import annotations

from lesson_cells import Lesson, code, exercise, fails, md, setup, solution

CELLS = [
    md("""
        A **registry** stores images in **repositories**: a repository holds the many images
        (versions) of one program, and each **tag** names one of them (`app:1.0`, `app:1.1`,
        `app:latest`; several tags may name the same image). Docker Hub is the default registry; companies and classes run **private
        registries** for their own images. An image's name says where it lives:
        `registry/project/image:tag`, e.g. `127.0.0.1:5000/lesson7/app:1.0`. Uploading needs an
        account, so the registry asks you to `login` first.

        Images can also travel without a registry, as tar files: `save`/`load` keep an image
        whole, `export`/`import` keep only a container's file system.
        """, """
        **레지스트리**는 이미지를 **리포지터리** 단위로 저장합니다. 리포지터리 하나에는 한
        프로그램의 여러 이미지(버전)가 들어 있고, **태그**가 그중 하나를 가리킵니다 (`app:1.0`,
        `app:1.1`, `app:latest`. 여러 태그가 같은 이미지를 가리킬 수도 있습니다). 기본 레지스트리는 도커 허브이고, 회사나 수업에서는
        자기 이미지를 위해 **프라이빗 레지스트리**를 운영합니다. 이미지 이름에 그 위치가 들어
        있습니다. `레지스트리주소/프로젝트명/이미지명:태그`, 예를 들면
        `127.0.0.1:5000/lesson7/app:1.0`입니다. 업로드하려면 계정이 필요하므로 먼저 `login`
        합니다.

        이미지는 레지스트리 없이 tar 파일로도 옮길 수 있습니다. `save`/`load`는 이미지를 통째로,
        `export`/`import`는 컨테이너의 파일 시스템만 옮깁니다.
        """),
    *setup(7, registry=True),
    md("""
        ## An image of our own

        We publish only images we build. The Dockerfile is the cell; the context is a scratch
        directory, where the tar files of this lesson will go too.
        """, """
        ## 우리만의 이미지

        우리가 빌드한 이미지만 올립니다. 셀이 Dockerfile이고, 컨텍스트는 임시 디렉터리입니다.
        이 레슨의 tar 파일도 그곳에 둡니다.
        """),
    code("""
        import tempfile
        from pathlib import Path
        work = Path(tempfile.mkdtemp(prefix="lesson7-"))
        """),
    code("""
        %%docker build -t lesson7-{RUN}/app:1.0 --label {LESSON} {work}
        FROM jupyter-docker/busybox
        RUN echo "app 1.0" > /version
        CMD ["cat", "/version"]
        """, expect=("sha256:",)),
    md("""
        ## `tag` and `push`

        To push, the image needs a name that starts with the registry's address. The class
        registry requires a login, so a first try fails:
        """, """
        ## `tag`과 `push`

        push 하려면 이미지 이름이 레지스트리 주소로 시작해야 합니다. 수업용 레지스트리는
        로그인을 요구하므로 첫 시도는 실패합니다.
        """),
    code("%docker tag lesson7-{RUN}/app:1.0 127.0.0.1:5000/lesson7-{RUN}/app:1.0"),
    fails("%docker push 127.0.0.1:5000/lesson7-{RUN}/app:1.0"),
    md("""
        `login` asks for the password with a **hidden prompt**: type the class registry's password,
        the one `make lab` printed at the end of its output (the user, `jdtest`, is given with
        `-u`). Never write a
        password in a cell: notebooks get shared. In scripts, `docker login --password-stdin`
        reads it from a file or a pipe instead.
        """, """
        `login`은 **가려진 입력란**으로 비밀번호를 묻습니다. `make lab`이 출력의 마지막에 보여
        준 수업용 레지스트리 비밀번호를 입력하세요 (사용자 `jdtest`는 `-u`로 줍니다). 셀에
        비밀번호를 직접 쓰지 마세요. 노트북은 공유되기 마련입니다. 스크립트에서는
        `docker login --password-stdin`으로 파일이나 파이프에서 읽게 합니다.
        """),
    code("%docker login -u jdtest 127.0.0.1:5000", tags=("password-prompt",),
         expect=("Login Succeeded",)),
    md("""
        The login is kept where the docker CLI keeps it, `config.json` in `$DOCKER_CONFIG`
        (default `~/.docker`), so the CLI and the notebook share it. We only print which
        registries it knows: the entry itself is the password, merely base64-encoded (a
        credential helper can keep it in the system's keychain instead).
        """, """
        로그인 정보는 docker CLI와 같은 곳, `$DOCKER_CONFIG`(기본값 `~/.docker`)의
        `config.json`에 저장되므로 CLI와 노트북이 함께 씁니다. 여기서는 어떤 레지스트리가
        저장되어 있는지만 출력합니다. 항목 자체는 base64로 인코딩되었을 뿐인 비밀번호이기
        때문입니다 (자격 증명 헬퍼를 쓰면 시스템 키체인에 보관할 수 있습니다).
        """),
    code("""
        import json, os
        config = Path(os.environ.get("DOCKER_CONFIG", Path.home() / ".docker")) / "config.json"
        sorted(json.loads(config.read_text()).get("auths", {}))
        """, expect=("127.0.0.1:5000",)),
    code("%docker push 127.0.0.1:5000/lesson7-{RUN}/app:1.0", expect=("digest: sha256:",)),
    md("""
        A repository usually holds several tags. `push -a` (`--all-tags`) pushes every tag the
        engine has for a repository name given without a tag; here `1.0`, pushed above, and
        `latest`, which names the same image: the registry already has every layer, so none
        goes up again (`Layer already exists`), and each tag gets its digest:
        """, """
        리포지터리에는 보통 태그가 여러 개 있습니다. `push -a`(`--all-tags`)는 태그 없이 준
        리포지터리 이름에 대해 엔진에 있는 모든 태그를 push 합니다. 여기서는 위에서 push 한
        `1.0`과, 같은 이미지를 가리키는 `latest`입니다. 레지스트리에 모든 계층이 이미 있으므로
        다시 올라가는 계층은 없고 (`Layer already exists`), 태그마다 다이제스트를 받습니다.
        """),
    code("""
        %docker tag lesson7-{RUN}/app:1.0 127.0.0.1:5000/lesson7-{RUN}/app:latest
        %docker push -a 127.0.0.1:5000/lesson7-{RUN}/app
        """, expect=("app:1.0: digest: sha256:", "app:latest: digest: sha256:")),
    md("""
        On **Docker Hub** the same commands work with your Docker ID as the project
        (`docker.io/YOUR-ID/app:1.0`, or just `YOUR-ID/app:1.0`). A repository there is
        **public** (anyone may pull it) or **private** (only you and those you allow). Public
        or not, never bake a secret (a password, a token, a private key) into an image: every
        layer can be read by whoever pulls it, and a file deleted in a later step stays in the
        earlier layer (lesson 8 shows it). Pass secrets when the container runs (`-e`,
        `--env-file`, a mounted file) instead.
        """, """
        **도커 허브**에서도 같은 명령을 씁니다. 프로젝트 자리에 자기 도커 ID를 넣습니다
        (`docker.io/내ID/app:1.0`, 또는 그냥 `내ID/app:1.0`). 도커 허브의 리포지터리는
        **공개**(누구나 pull 가능) 또는 **비공개**(자신과 허락한 사람만)입니다. 공개든 아니든,
        비밀(비밀번호, 토큰, 개인 키)을 이미지에 넣지 마세요. pull 한 사람은 모든 계층을 읽을 수
        있고, 나중 단계에서 지운 파일도 앞 계층에 그대로 남습니다 (레슨 8에서 확인합니다).
        비밀은 컨테이너를 실행할 때 넘기세요 (`-e`, `--env-file`, 마운트한 파일).
        """),
    md("""
        ## `pull` it back

        Remove the local names, so that the engine no longer has the image, and pull it from the
        registry:
        """, """
        ## 다시 `pull` 하기

        로컬 이름을 모두 지워 엔진에 이미지가 남지 않게 한 뒤, 레지스트리에서 pull 합니다.
        """),
    code("%docker rmi lesson7-{RUN}/app:1.0 127.0.0.1:5000/lesson7-{RUN}/app:1.0 "
         "127.0.0.1:5000/lesson7-{RUN}/app:latest", expect=("Deleted:",)),
    code("""
        %docker pull 127.0.0.1:5000/lesson7-{RUN}/app:1.0
        %docker run --rm --label {LESSON} 127.0.0.1:5000/lesson7-{RUN}/app:1.0
        """, expect=("app 1.0",)),
    md("""
        `logout` removes the stored credentials. This registry does not even let anonymous users
        pull:
        """, """
        `logout`은 저장된 자격 증명을 지웁니다. 이 레지스트리는 로그인하지 않은 사용자에게는
        pull도 허락하지 않습니다.
        """),
    code("%docker logout 127.0.0.1:5000", expect=("Removing login credentials",)),
    fails("%docker pull 127.0.0.1:5000/lesson7-{RUN}/app:1.0"),
    md("""
        ## `save` and `load`: an image as a tar file

        `save` writes images (layers, metadata, tags) into one tar archive; `load` reads it back
        on any engine, without a registry. Inside: a `manifest.json`, the image's config and one
        directory per layer.
        """, """
        ## `save`와 `load`: tar 파일로 옮기는 이미지

        `save`는 이미지(계층, 메타데이터, 태그)를 tar 아카이브 하나로 저장하고, `load`는 어느
        엔진에서든 레지스트리 없이 그것을 다시 읽어 들입니다. 안에는 `manifest.json`, 이미지
        설정, 그리고 계층마다 디렉터리가 하나씩 있습니다.
        """),
    code("""
        import tarfile
        %docker tag 127.0.0.1:5000/lesson7-{RUN}/app:1.0 lesson7-{RUN}/app:1.0
        %docker save -o {work}/app.tar lesson7-{RUN}/app:1.0
        with tarfile.open(work / "app.tar") as tar:
            members = tar.getnames()
        [name for name in members if not name.endswith(("/VERSION", "/json"))]
        """, expect=("manifest.json", "layer.tar")),
    code("""
        %docker rmi lesson7-{RUN}/app:1.0 127.0.0.1:5000/lesson7-{RUN}/app:1.0
        %docker load -i {work}/app.tar
        """, expect=("Loaded image: lesson7-",)),
    code("%docker run --rm --label {LESSON} lesson7-{RUN}/app:1.0", expect=("app 1.0",)),
    md("""
        ## `export` and `import`: a file system only

        `export` writes a *container's* file system into a tar file; `import` makes an image
        from such a tar. History and metadata are lost: the result has one layer, and no `CMD`
        unless `-c` (`--change`) gives one. That is exactly how this course's base image was
        made from busybox's files (lesson 1).
        """, """
        ## `export`와 `import`: 파일 시스템만

        `export`는 *컨테이너*의 파일 시스템을 tar 파일로 저장하고, `import`는 그런 tar로
        이미지를 만듭니다. 히스토리와 메타데이터는 사라집니다. 결과 이미지에는 계층이 하나뿐이고,
        `-c`(`--change`)로 주지 않으면 `CMD`도 없습니다. 이 과정의 베이스 이미지도 바로 이렇게
        busybox 파일들로 만들어졌습니다 (레슨 1).
        """),
    code("""
        %docker create --name box-{RUN} --label {LESSON} lesson7-{RUN}/app:1.0
        %docker export -o {work}/box.tar box-{RUN}
        %docker import -c 'CMD ["cat", "/version"]' -c 'LABEL {LESSON}' {work}/box.tar lesson7-{RUN}/flat:1.0
        """, expect=("sha256:",)),
    code("%docker run --rm --label {LESSON} lesson7-{RUN}/flat:1.0", expect=("app 1.0",)),
    code("%docker history lesson7-{RUN}/flat:1.0", expect=("Imported from",)),
    code("%docker rm box-{RUN}", expect=("box-",)),
    exercise("""
        Compare `lesson7-{RUN}/app:1.0` and `lesson7-{RUN}/flat:1.0`: their layers (count
        `RootFS.Layers` with `image inspect`; the `save` listing above showed app's two layer
        tars), their history entries (`history` returns DataFrames) and their sizes. Why do the
        sizes hardly differ?
        """, """
        `lesson7-{RUN}/app:1.0`과 `lesson7-{RUN}/flat:1.0`을 비교해 보세요. 계층 수
        (`image inspect`로 `RootFS.Layers`를 셉니다. 위의 `save` 목록에서 app의 계층 tar는
        두 개였습니다), 히스토리 항목 수(`history`는 DataFrame을 돌려줍니다), 크기입니다. 두
        이미지의 크기는 왜 거의 같을까요?
        """),
    solution("""
        import jupyter_docker as jd
        for name in (f"lesson7-{RUN}/app:1.0", f"lesson7-{RUN}/flat:1.0"):
            layers = jd.docker("image inspect -f '{{len .RootFS.Layers}}' " + name)
            entries = jd.history(name)
            print(f"{name}: {layers} layer(s), {len(entries)} history entries, "
                  f"{int(entries['size'].sum())} bytes")
        # the same files, flattened into one layer; only the history and metadata are gone
        """, ko="""
        import jupyter_docker as jd
        for name in (f"lesson7-{RUN}/app:1.0", f"lesson7-{RUN}/flat:1.0"):
            layers = jd.docker("image inspect -f '{{len .RootFS.Layers}}' " + name)
            entries = jd.history(name)
            print(f"{name}: {layers} layer(s), {len(entries)} history entries, "
                  f"{int(entries['size'].sum())} bytes")
        # 같은 파일이 계층 하나로 합쳐졌을 뿐, 사라진 것은 히스토리와 메타데이터입니다
        """, expect=("app:1.0: 2 layer(s),", "flat:1.0: 1 layer(s), 1 history entries")),
    exercise("""
        Save both `lesson7-{RUN}/app:1.0` and `lesson7-{RUN}/flat:1.0` into a single archive,
        remove both images, then load them back with one `load`.
        """, """
        `lesson7-{RUN}/app:1.0`과 `lesson7-{RUN}/flat:1.0`을 아카이브 하나에 저장하고, 두
        이미지를 지운 다음, `load` 한 번으로 둘 다 되살려 보세요.
        """),
    solution("""
        %docker save -o {work}/both.tar lesson7-{RUN}/app:1.0 lesson7-{RUN}/flat:1.0
        %docker rmi lesson7-{RUN}/app:1.0 lesson7-{RUN}/flat:1.0
        %docker load -i {work}/both.tar
        """, expect=("Loaded image: lesson7-",)),
    md("""
        ## Clean up
        """, """
        ## 정리
        """),
    code("""
        import shutil
        shutil.rmtree(work)
        %docker rmi lesson7-{RUN}/app:1.0 lesson7-{RUN}/flat:1.0
        """, expect=("Deleted:",)),
]

LESSON = Lesson(7, "registries", "Registries: login, push, pull; save, load, export, import",
                "레지스트리: login, push, pull / save, load, export, import", CELLS)
